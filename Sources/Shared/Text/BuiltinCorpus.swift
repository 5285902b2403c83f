//  Built-in pretraining corpora, written for LLM Lab (original text, no third-party content).
//  One statement per line, so lines can serve as documents and splits stay readable.

public enum BuiltinCorpus {
    /// About 330 short English statements (and a few questions with their answers): simple, true sentences about the sun, moon and
    /// weather, animals and plants, the body and health, food, home life, school and numbers,
    /// cities and travel, basic science, computers and language models, and kindness. The
    /// vocabulary and sentence patterns repeat on purpose, so a tiny model can learn them quickly.
    public static let english: String = #"""
    Where does the sun rise? The sun rises in the east.
    Why is the sky blue? Air scatters the blue part of sunlight.
    What do cats like? Cats like warm places and quiet naps.
    Can you help me? Yes, I can help you with a question.
    Thank you! You are welcome, I am glad to help.
    Is the moon a star? No, the moon is not a star.
    How are you today? I am well, thank you!
    Hello! It is nice to meet you.
    What time is it? It is time for lunch.
    Is it raining? Yes, so take an umbrella!
    The sun rises in the east every morning.
    The sun sets in the west every evening.
    The sun is a star that gives us light and heat.
    The sun is much bigger than the earth.
    The earth goes around the sun once a year.
    The earth turns once a day, which gives us day and night.
    The moon goes around the earth about once a month.
    The moon does not make its own light.
    The moon shines because it reflects light from the sun.
    At night we can see the moon and many stars.
    The stars look small because they are very far away.
    The sky is blue on a clear and sunny day.
    The sky turns orange and red when the sun sets.
    Clouds are made of tiny drops of water or ice.
    Rain falls from the clouds when the drops get heavy.
    Snow falls from the clouds when the air is very cold.
    A rainbow can appear when the sun shines through rain.
    Thunder is the loud sound that lightning makes in the sky.
    Light travels faster than sound, so we see lightning first.
    The wind is air that moves from place to place.
    A strong wind can bend the branches of a tree.
    A warm day is good for a walk in the park.
    A cold day is good for a cup of hot tea.
    We carry an umbrella when it rains outside.
    We wear a coat and a hat when it is cold.
    We wear light clothes when it is hot.
    There are four seasons in a year in many places.
    The four seasons are spring, summer, autumn, and winter.
    In spring the flowers bloom and the grass grows green.
    In summer the days are long and the nights are short.
    In autumn many leaves turn yellow and fall from the trees.
    In winter the days are short and the nights are long.
    In many cold places it snows in the winter.
    A year has twelve months and about fifty two weeks.
    A week has seven days, and a weekend has two.
    A day has twenty four hours from one midnight to the next.
    An hour has sixty minutes, and a minute has sixty seconds.
    The cat sleeps on the warm mat by the door.
    The cat drinks water from a small bowl.
    The cat likes to sleep in a warm place.
    The cat chases a small ball across the floor.
    The dog runs in the park with its friend.
    The dog wags its tail when it is happy.
    The dog waits at the door for the children.
    A dog has a very good sense of smell.
    The bird sings in the tree in the morning.
    The bird builds a nest with small sticks.
    Birds have feathers, and most birds can fly.
    Fish live in water and breathe with gills.
    A fish swims in the river and in the sea.
    The cow eats grass in the green field.
    Cows give us milk, and many people drink it every day.
    Hens lay eggs, and we cook them for breakfast.
    The horse runs fast across the green field.
    The sheep has thick wool to keep it warm.
    Bees make honey from the nectar of flowers.
    Bees carry pollen from flower to flower, which helps plants make seeds.
    The butterfly has bright and colorful wings with many patterns.
    The frog can live in water and on land.
    The elephant is the largest animal that lives on land.
    The blue whale is the largest animal on earth.
    A whale is a mammal, not a fish.
    Whales breathe air, so they swim up to the surface.
    The giraffe has a very long neck to reach high leaves.
    The rabbit has long ears and a short tail.
    Most owls hunt at night and rest during the day.
    The ant is small but it can carry heavy things.
    Ants work together to find food and build their home.
    Spiders have eight legs, and insects have six legs.
    A baby cat is called a kitten, and it likes to play.
    A baby dog is called a puppy, and it likes to run.
    Animals need food, water, and a safe place to live.
    Plants need sunlight, water, and air to grow.
    Plants make their own food from sunlight, water, and air.
    Green leaves use sunlight to make food for the plant.
    The roots of a plant take in water from the soil.
    A small seed can grow into a big tree.
    Trees give us shade on a hot day.
    Trees give us wood, fruit, and a home for birds.
    Trees take in carbon dioxide and give out oxygen.
    The flower grows in the garden near the house.
    The garden has red flowers and green grass.
    We water the plants in the garden every day.
    An apple grows on a tree in the garden.
    The apple is red and sweet and good to eat.
    The banana is yellow and soft when it is ripe.
    The orange is round and full of juice.
    A tomato is red when it is ripe.
    Rice often grows in wet fields in warm places.
    Wheat is used to make bread and noodles.
    An adult human body has about two hundred and six bones.
    The heart pumps blood through the body all day and night.
    The heart beats faster when we run or jump.
    The lungs take in air when we breathe.
    We breathe in oxygen and breathe out carbon dioxide.
    The brain helps us think, learn, and remember.
    We see with our eyes and hear with our ears.
    We smell with our nose and taste with our tongue.
    We have five fingers on each hand and five toes on each foot.
    Our bones and muscles help us stand and move.
    Our muscles grow stronger when we exercise every day.
    The skin protects the body and helps keep it warm.
    Teeth help us bite and chew our food.
    We brush our teeth in the morning and at night.
    We wash our hands with soap before we eat.
    Washing hands with soap helps stop germs from spreading.
    Drinking water is good for the body and the mind.
    We should drink some water every day, even when it is cold.
    Sleep helps the body rest, heal, and grow.
    Children need more hours of sleep than adults.
    A good night of sleep helps us learn.
    Walking every day is good for the heart.
    Exercise makes the body strong and healthy, and it lifts our mood.
    Fresh fruit and vegetables are good for our health.
    Too much sugar is bad for our teeth.
    When we are sick, we should rest and drink water.
    A doctor helps people when they are sick.
    A nurse takes care of people in the hospital.
    We cover our mouth and nose when we cough.
    A healthy breakfast gives us energy for the morning.
    We eat breakfast in the morning before we go to school.
    We eat lunch at noon with our friends.
    We eat dinner in the evening with our family.
    Bread is made from flour, water, salt, and yeast.
    Rice is cooked in water until it is soft.
    An egg can be boiled, fried, or scrambled.
    Milk comes from cows, and also from goats and sheep.
    Cheese and butter are both made from milk.
    Soup is warm and good on a cold day.
    We cut the vegetables with a sharp knife.
    We cook the food in a pan on the stove.
    The oven bakes bread and cakes until they are golden.
    The cook adds a little salt to the soup.
    A little salt makes food taste better, but too much is bad.
    Sugar makes food taste sweet, and lemons make it taste sour.
    We keep milk in the fridge so it stays fresh.
    The fridge keeps food cold and fresh for a few days.
    We wash the fruit before we eat it.
    Many kinds of noodles are made from flour and water.
    Tea is made with hot water and tea leaves.
    Hot food can burn your mouth, so wait a moment.
    We share the food with our family at the table.
    The family eats dinner together at the table.
    Mother makes warm soup for the family on a cold night.
    Father bakes fresh bread in the oven on the weekend.
    The kitchen smells of fresh bread in the morning.
    I wake up at seven in the morning.
    I wash my face and brush my teeth.
    I make my bed after I get up.
    I put on my clothes and eat breakfast.
    I walk to school with my friend every morning.
    I come home from school in the afternoon.
    I do my homework at the desk after school.
    I help my mother clean the kitchen after dinner.
    I read a book before I go to bed.
    I go to bed at nine in the evening.
    We clean the house together on Saturday morning.
    We open the window to let in fresh air.
    We turn off the light when we leave the room.
    We close the door when it is cold outside.
    The house has a kitchen, a bedroom, and a bathroom.
    The bed is in the bedroom next to the window.
    The table and chairs are in the kitchen.
    The clock on the wall shows the time.
    The lamp gives light at night when the room is dark.
    We wash the dishes after dinner and dry them.
    We fold the clothes and put them away.
    A clean room makes it easy to find things.
    The children play in the yard after school.
    The baby sleeps in a small bed near its mother.
    The children go to school in the morning.
    The teacher writes on the board with white chalk.
    The teacher helps the students learn to read and write.
    The students listen to the teacher with care.
    The students raise their hands to ask a question.
    The students read books in the library after lunch.
    The library has many books on many topics.
    We read books to learn new things about the world.
    Reading every day helps us learn new words.
    A book has pages, and each page has words.
    A story has a beginning, a middle, and an end.
    We write with a pen or a pencil.
    We use a ruler to draw a straight line.
    The English alphabet has twenty six letters from A to Z.
    A sentence in English begins with a capital letter.
    A sentence often ends with a period, like this one.
    Words are made of letters, and sentences are made of words.
    It is fine to make mistakes when we learn.
    We learn from our mistakes and try again.
    Practice helps us get better at a skill.
    One plus one is two, and two plus two is four.
    Three plus four is seven, and five plus five is ten.
    Ten minus three is seven, and ten minus ten is zero.
    Two times three is six, and three times three is nine.
    Ten divided by two is five, so half of ten is five.
    Zero is less than one, and one is less than two.
    An even number can be split into two equal parts.
    Two, four, six, and eight are even numbers.
    One, three, five, and seven are odd numbers.
    A triangle has three sides and three corners.
    A square has four equal sides and four corners.
    A circle is round and has no corners.
    We count from one to ten on our fingers.
    A hundred is ten times ten, and a thousand is ten hundreds.
    The city has tall buildings and busy streets.
    Many people live and work in the city.
    A town is usually smaller than a city.
    A village is usually smaller than a town.
    The street has shops, cafes, and a bank.
    We buy fresh food at the market on Sunday.
    We buy warm bread at the bakery on the corner.
    The park is a quiet place in the city.
    The bus stops at the corner of the street.
    We wait for the bus at the bus stop.
    The train goes from one city to another city.
    The train runs on long steel tracks across the land.
    The plane flies high above the clouds in the sky.
    A plane can fly across a wide sea in a few hours.
    The ship sails across the sea with many people on board.
    We ride a bike to the park on sunny days.
    A bike has two wheels, and a car has four wheels.
    The car stops at the red light and waits.
    Cars stop when the light is red and go when it is green.
    We cross the street when the light is green.
    We look left and right before we cross the street.
    We wear a seat belt in the car.
    We wear a helmet when we ride a bike.
    A map helps us find the way to a new place.
    Travel helps us learn about new places and people.
    A bridge crosses the river so people can walk to the other side.
    Most rivers flow down from the hills to the sea.
    The sea is salty, but river water is fresh.
    The mountain is tall and the air at the top is cold.
    Water boils at one hundred degrees Celsius at sea level.
    At sea level, water freezes at zero degrees Celsius.
    Ice is frozen water, and it is hard and cold.
    Ice melts into water when it gets warm.
    Steam is water in the form of a gas.
    Water can be a solid, a liquid, or a gas.
    Ice floats on water because it is lighter than the same amount of water.
    Wood floats on water, but a stone sinks.
    Warm air rises, and cool air sinks down below it.
    Heat moves from warm things to cold things.
    Metal feels cold because it takes heat from your hand quickly.
    A magnet pulls on iron but not on wood or paper.
    Gravity pulls things down toward the ground, so apples fall from trees.
    When you drop a ball, it falls to the ground.
    Plants and animals are living things, and they grow.
    A rock is not a living thing, because it does not grow or eat.
    The earth is round like a ball, and it spins.
    Most of the surface of the earth is covered by water.
    The air around us is mostly nitrogen and oxygen.
    People and animals need oxygen from the air to live.
    Sound travels through the air as a wave.
    Sound cannot travel through the empty space between the stars.
    Light comes from the sun, from fire, and from lamps.
    A shadow forms when something blocks the light.
    Our shadow is short at noon and long in the evening.
    Electricity flows through the wire and makes the lamp shine.
    A battery stores energy that a small machine can use.
    A thermometer measures how hot or cold something is.
    A scientist asks questions and tests ideas with care.
    An experiment helps us test an idea and learn the truth.
    A computer follows the steps in a program.
    A program is a list of steps for a computer.
    A computer stores numbers in its memory for later.
    A computer can add numbers very quickly, many times each second.
    Inside a computer, text is stored as numbers.
    Each letter can be stored as a number.
    We use a keyboard to type words into a computer.
    The screen shows words and pictures from the computer.
    A bug is a mistake in a program.
    We test a program carefully to find and fix bugs.
    A language model learns from a lot of text.
    A language model reads text as a list of tokens.
    A token can be a letter, a word, or part of a word.
    A language model learns to guess the next token.
    The model reads a sentence and guesses the next word.
    After the words the cat, the model may guess the word sleeps.
    At first the model makes many wrong guesses.
    The model learns from its mistakes, step by step.
    The loss tells the model how wrong its guess was.
    A lower loss means the model guesses better.
    Training makes the loss go down slowly, step by step.
    The model changes its weights a little after each step.
    The weights of a model are just numbers.
    A small model can learn simple patterns in text.
    A big model needs more data and more time to train.
    A model learns better when it sees more good text.
    A model can repeat the patterns it has seen in its data.
    The model does not understand the world like a person does.
    A model can make mistakes, so we check what it writes.
    Good data helps a model learn good patterns.
    We split the text into training data and test data.
    We use the test data to see if the model learned well.
    The model writes text one token at a time.
    A higher temperature makes the text more random.
    A lower temperature makes the text more careful and plain.
    A computer can train a small model in a few minutes.
    A friend is someone who cares about you.
    A good friend listens with care and speaks with kindness.
    A good friend helps you when you need help.
    A good friend tells the truth, even when it is hard.
    Friends share their toys, their food, and their time.
    Friends play together and laugh together after school.
    We say thank you when someone helps us.
    We say please when we ask for something.
    We say sorry when we make a mistake.
    Being kind to others makes them feel happy.
    A kind word can make someone smile all day.
    We help our friends when they are sad.
    We wait our turn and we share with others.
    We listen quietly when other people speak to us.
    We are polite to our teachers and our friends.
    It is good to help an old person carry a heavy bag.
    Sharing food with a friend is a kind thing to do.
    A smile is a simple way to say hello.
    Kind people think about the feelings of others.
    We treat others the way we want to be treated.
    It feels good to help someone in need.
    A good neighbor helps the people who live nearby.
    Working together with friends makes a hard job easier.
    A family takes good care of each other every day.
    We thank the cook after a good meal.
    """#

    /// About 320 short Chinese statements (Simplified Chinese, full-width punctuation, no
    /// spaces) on the same topics, with the same deliberate reuse of common words and patterns.
    public static let chinese: String = #"""
    太阳从哪里升起？太阳从东方升起。
    天空为什么是蓝色的？因为空气散射了阳光里的蓝光。
    你今天好吗？我很好，谢谢你！
    你好！很高兴认识你。
    现在几点了？现在是吃午饭的时间。
    外面下雨了吗？下雨了，记得带伞！
    小猫喜欢什么？小猫喜欢温暖安静的地方。
    你能帮我吗？可以，我来帮你回答问题。
    谢谢你的帮助！不客气，祝你今天愉快。
    嗨，你是谁？我是一个小语言模型。
    你怎么知道这些？我从很多文本中学习，心里很感谢写下它们的人。
    太阳每天早上从东方升起。
    太阳每天傍晚从西方落下。
    太阳是一颗恒星，给我们带来光和热。
    太阳比地球大得多，也热得多。
    地球绕着太阳转，转一圈大约是一年。
    地球每天自转一圈，所以有白天和黑夜。
    月亮绕着地球转，大约一个月转一圈。
    月亮本身不会发光，也不会发热。
    月亮的光是反射的太阳光。
    晚上我们可以看到月亮和许多星星。
    星星看起来很小，因为它们离我们很远。
    晴朗的白天，天空是蓝色的。
    太阳落山的时候，天空会变成红色和橙色。
    云是由许多小水滴或小冰晶组成的。
    云里的水滴变重了，就会落下来变成雨。
    冬天天气很冷的时候，有时会下雪。
    雨后出太阳的时候，天空中有时会出现彩虹。
    雷声是闪电在空中产生的响声。
    光比声音跑得快，所以我们先看到闪电，后听到雷声。
    风就是从一个地方流动到另一个地方的空气。
    大风可以把树枝吹弯。
    天气暖和的时候，适合去公园散步。
    天气冷的时候，喝一杯热茶很舒服。
    下雨的时候，出门要带雨伞。
    天冷的时候，我们要穿上外套，戴上帽子。
    天热的时候，我们穿轻薄的衣服。
    很多地方一年有四个季节。
    四个季节是春天、夏天、秋天和冬天。
    春天到了，花开了，草也绿了。
    夏天白天长，夜晚短。
    秋天很多树叶变黄，从树上落下来。
    冬天白天短，夜晚长。
    在很多寒冷的地方，冬天会下雪。
    一年有12个月，大约52个星期。
    一个星期有七天，周末有两天。
    一天有24个小时，从半夜到下一个半夜。
    一个小时有60分钟，一分钟有60秒。
    猫喜欢在温暖的地方睡觉。
    小猫在门口温暖的垫子上睡觉。
    小猫每天用一个小碗喝水。
    小猫追着一个小球在地上跑。
    小狗和它的朋友在公园里跑。
    小狗高兴的时候会摇尾巴。
    小狗在门口等孩子们放学回家。
    狗的鼻子很灵，能闻到很远的气味。
    早上，小鸟在树上唱歌。
    小鸟用小树枝和草在树上搭窝。
    鸟有羽毛，大多数鸟会飞。
    鱼生活在水里，用鳃呼吸。
    鱼在河里游，也在海里游。
    牛在绿色的草地上吃草。
    奶牛给我们牛奶，很多人每天都喝牛奶。
    母鸡会下蛋，我们可以把鸡蛋做成早饭。
    马在草地上跑得很快。
    羊身上有厚厚的毛，可以保暖。
    蜜蜂用花蜜酿成蜂蜜。
    蜜蜂在花朵之间飞来飞去，帮助植物结出种子。
    蝴蝶的翅膀颜色鲜艳，非常漂亮。
    青蛙既能在水里生活，也能在陆地上生活。
    大象是陆地上最大的动物。
    蓝鲸是地球上最大的动物。
    鲸鱼是哺乳动物，不是鱼。
    鲸鱼用肺呼吸，所以要游到水面上换气。
    长颈鹿的脖子很长，能吃到高处的树叶。
    兔子的耳朵长，尾巴短。
    大多数猫头鹰在夜里捕食，白天休息。
    蚂蚁虽然很小，却能搬动比自己重的东西。
    蚂蚁一起合作，寻找食物，建造家园。
    蜘蛛有八条腿，昆虫有六条腿。
    小猫和小狗都喜欢和孩子们一起玩。
    动物需要食物、水和安全的住处。
    植物生长需要阳光、水和空气。
    植物可以利用阳光自己制造养分。
    绿色的叶子利用阳光为植物制造养分。
    植物的根从土壤里吸收水分。
    一颗小小的种子可以长成一棵大树。
    炎热的夏天，大树给我们带来阴凉。
    树木给我们木材和果实，也是小鸟的家。
    树木吸收二氧化碳，放出氧气。
    房子旁边的花园里开着花。
    花园里有红色的花和绿色的草。
    我们每天给花园里的植物浇水。
    苹果长在树上，又红又甜。
    香蕉成熟的时候是黄色的，很软。
    橙子圆圆的，里面有很多果汁。
    西红柿成熟的时候是红色的。
    水稻常常种在温暖地方的水田里。
    小麦可以用来做面包和面条。
    成年人的身体大约有206块骨头。
    心脏把血液送到全身。
    跑步或者跳绳的时候，心跳会变快。
    我们呼吸的时候，肺把空气吸进来。
    我们吸进氧气，呼出二氧化碳。
    大脑帮助我们思考、学习和记忆。
    我们用眼睛看东西，用耳朵听声音。
    我们用鼻子闻气味，用舌头尝味道。
    我们每只手有五根手指。
    骨头和肌肉帮助我们站立和活动。
    经常锻炼，肌肉会变得更有力气。
    皮肤保护着我们的身体。
    牙齿帮助我们咬碎和咀嚼食物。
    我们早上和晚上都要刷牙。
    吃饭以前，我们要用肥皂洗手。
    用肥皂洗手可以减少细菌的传播。
    多喝水对身体有好处。
    即使天气冷，我们每天也要喝水。
    睡觉能让身体休息和成长。
    孩子比大人需要更多的睡眠。
    晚上睡个好觉，有助于我们学习。
    每天散步对心脏有好处。
    运动让身体强壮，也让心情变好。
    新鲜的水果和蔬菜对健康有好处。
    吃太多糖对牙齿不好。
    生病的时候，我们要多休息，多喝水。
    人们生病的时候，医生会帮助他们。
    护士在医院里照顾病人。
    咳嗽的时候，我们要捂住嘴和鼻子。
    健康的早饭给我们一上午的力气。
    早上上学以前，我们先吃早饭。
    中午，我们和朋友一起吃午饭。
    晚上，我们和家人一起吃晚饭。
    面包是用面粉、水、盐和酵母做成的。
    米放在水里煮，煮软了就是米饭。
    鸡蛋可以煮着吃，也可以炒着吃。
    牛奶来自奶牛，也可以来自山羊。
    奶酪和黄油都是用牛奶做的。
    冷天喝一碗热汤，身体很暖和。
    我们用锋利的刀切蔬菜。
    我们在炉子上用锅做饭。
    烤箱可以烤面包和蛋糕。
    厨师往汤里加了一点盐。
    加一点盐让饭菜更好吃，但是不要放太多。
    糖让食物变甜，柠檬的味道是酸的。
    我们把牛奶放在冰箱里，让它保持新鲜。
    冰箱让食物保持低温和新鲜。
    吃水果以前，我们要先把水果洗干净。
    很多面条是用面粉和水做成的。
    茶是用热水泡茶叶做成的。
    刚做好的饭菜很烫，要等一会儿再吃。
    一家人坐在桌子旁边一起吃晚饭。
    我们和家人一起分享饭菜。
    天冷的晚上，妈妈给全家人做热汤。
    周末，爸爸用烤箱烤新鲜的面包。
    早上，厨房里飘着新鲜面包的香味。
    我每天早上七点起床。
    起床以后，我洗脸、刷牙。
    起床以后，我把床铺整理好。
    我穿好衣服，然后吃早饭。
    每天早上，我和朋友一起走路去上学。
    下午放学以后，我就回家。
    放学以后，我在书桌前写作业。
    晚饭以后，我帮妈妈打扫厨房。
    睡觉以前，我会读一会儿书。
    我晚上九点上床睡觉。
    星期六早上，我们一起打扫房间。
    我们打开窗户，让新鲜空气进来。
    离开房间的时候，我们要关灯。
    外面冷的时候，我们要把门关上。
    我们家有厨房、卧室和卫生间。
    床在卧室里，靠近窗户。
    桌子和椅子在厨房里。
    墙上的钟告诉我们现在几点了。
    晚上房间里黑的时候，台灯给我们光亮。
    晚饭以后，我们把碗洗干净，再擦干。
    我们把衣服叠好，放进柜子里。
    房间干净整齐，找东西就很容易。
    放学以后，孩子们在院子里玩。
    小宝宝睡在妈妈旁边的小床上。
    孩子们早上去学校上课。
    老师用白色的粉笔在黑板上写字。
    老师帮助学生学习读书和写字。
    学生们认真地听老师讲课。
    学生们举手向老师提问题。
    午饭以后，学生们在图书馆里看书。
    图书馆里有很多书，内容各种各样。
    读书能让我们了解这个世界。
    每天读书，可以学到很多新词语。
    一本书有很多页，每一页上都有字。
    一个故事有开头、中间和结尾。
    我们用钢笔或者铅笔写字。
    我们用尺子在纸上画一条直线。
    英文字母一共有26个，从A到Z。
    汉字是一个一个写出来的，每个字都有笔画。
    一句话的最后常常有一个句号。
    字组成词，词组成句子。
    学习的时候犯错误是正常的。
    我们从错误中学习，然后再试一次。
    多练习能让我们做得更好。
    一加一等于二，二加二等于四。
    三加四等于七，五加五等于十。
    十减三等于七，十减十等于零。
    二乘三等于六，三乘三等于九。
    十除以二等于五，十的一半是五。
    零比一小，一比二小。
    偶数可以平均分成相等的两份。
    二、四、六、八都是偶数。
    一、三、五、七都是奇数。
    三角形有三条边和三个角。
    正方形有四条相等的边和四个直角。
    圆形是圆圆的，没有角。
    我们用手指从一数到十。
    十个十是一百，十个一百是一千。
    城市里有很高的楼房和热闹的街道。
    很多人在城市里生活和工作。
    小镇通常比城市小，人也比较少。
    村庄通常比小镇小，周围有很多田地。
    街上有商店、咖啡馆和银行。
    星期天，我们去市场买新鲜的食物。
    我们在街角的面包店买热乎乎的面包。
    公园是城市里安静的地方。
    公共汽车停在街道的拐角。
    我们在公交车站等公共汽车。
    火车从一个城市开到另一个城市。
    火车在长长的铁轨上行驶。
    飞机在云层上面高高地飞。
    飞机几个小时就能飞过一片大海。
    轮船载着很多人在海上航行。
    天气晴朗的日子，我们骑自行车去公园。
    自行车有两个轮子，汽车有四个轮子。
    红灯亮了，汽车停下来等待。
    过马路要记住：红灯停，绿灯行。
    绿灯亮了，我们才过马路。
    过马路以前，我们要先看左边，再看右边。
    坐汽车的时候，我们要系好安全带。
    骑自行车的时候，我们要戴好头盔。
    地图能帮助我们找到去新地方的路。
    旅行让我们认识新的地方和新的朋友。
    大桥横跨河面，人们可以走到对岸。
    大多数河流从山上流下来，最后流进大海。
    海水是咸的，河水是淡的。
    高山上的空气比山脚下冷。
    在海平面上，水在100摄氏度时沸腾。
    在海平面上，水在0摄氏度时结冰。
    冰是冻住的水，又硬又冷。
    天气变暖的时候，冰会融化成水。
    水蒸气是气体状态的水。
    水可以是固体、液体，也可以是气体。
    冰能浮在水面上，因为冰比同样多的水轻。
    木头能浮在水面上，石头会沉下去。
    热空气往上升，冷空气往下沉。
    热量总是从热的东西传到冷的东西。
    金属摸起来凉，是因为它很快带走手上的热量。
    磁铁能吸住铁，但是吸不住木头和纸。
    重力把东西往地面上拉。
    苹果熟了会从树上掉下来，这是因为重力。
    植物和动物都是生物，它们都会生长。
    石头不是生物，它不会吃东西，也不会长大。
    地球是圆的，像一个大球。
    地球表面的大部分被水覆盖着。
    我们周围的空气主要是氮气和氧气。
    人和动物都需要呼吸氧气才能活下去。
    声音可以在空气中传播。
    在真空里，声音无法传播。
    光可以来自太阳，也可以来自火和电灯。
    东西挡住光的时候，就会出现影子。
    中午的影子短，傍晚的影子长。
    电流通过电线，让电灯亮起来。
    电池里储存着能量，可以让小机器工作。
    温度计可以测量东西有多热或者多冷。
    科学家提出问题，然后认真地验证想法。
    做实验可以帮助我们验证一个想法。
    计算机按照程序里的步骤工作。
    程序就是写给计算机的一系列步骤。
    计算机把数字存放在内存里。
    计算机每秒钟可以做很多次加法。
    在计算机里，文字是用数字来存储的。
    每一个字都可以用一个数字来表示。
    我们用键盘把文字输入计算机。
    屏幕上可以显示文字和图片。
    程序里的错误叫作bug。
    我们要认真测试程序，找到错误并改正。
    语言模型是从大量的文字中学习的。
    语言模型把文字看成一串词元。
    一个词元可以是一个字，也可以是一个词。
    语言模型学习猜下一个词元是什么。
    模型读一句话，然后猜下一个字是什么。
    看到“小猫在”，模型可能会猜下一个字是“睡”。
    刚开始训练的时候，模型会猜错很多次。
    模型从错误中学习，一步一步变好。
    损失告诉模型它猜错了多少。
    损失越低，说明模型猜得越准。
    训练的时候，损失会慢慢下降。
    每训练一步，模型就把权重调整一点点。
    模型的权重其实就是很多数字。
    小模型也能学会文字里简单的规律。
    大模型需要更多的数据和更长的训练时间。
    模型看到的好文字越多，学得就越好。
    模型会重复它在数据里见过的规律。
    模型理解世界的方式和人不一样。
    模型也会出错，所以我们要检查它写的内容。
    好的数据能帮助模型学到好的规律。
    我们把文字分成训练数据和测试数据。
    我们用测试数据检查模型学得好不好。
    模型写文字的时候，一次只写一个词元。
    温度越高，模型写出的文字越随机。
    温度越低，模型写出的文字越稳定。
    普通电脑几分钟就能训练一个小模型。
    朋友是真心关心你的人。
    好朋友会认真地听你说话。
    好朋友会在你需要的时候帮助你。
    好朋友会说真话，即使真话不好听。
    朋友们一起分享玩具、食物和时间。
    放学以后，朋友们一起玩，一起笑。
    别人帮助我们的时候，我们要说谢谢。
    请别人帮忙的时候，我们要说请。
    做错了事情，我们要说对不起。
    对别人友善，会让别人感到快乐。
    一句温暖的话，可以让人开心一整天。
    朋友难过的时候，我们要去安慰他。
    我们耐心排队，也愿意和别人分享。
    别人说话的时候，我们要安静地听。
    我们对老师和同学都要有礼貌。
    帮助老人提重东西是一件好事。
    和朋友分享食物是友善的行为。
    微笑是打招呼的一种简单方式。
    善良的人会关心别人的感受。
    你希望别人怎样对待你，你就怎样对待别人。
    帮助有需要的人，自己也会感到快乐。
    好邻居会帮助住在附近的人。
    和朋友一起合作，困难的事情也会变得容易。
    一家人每天都互相照顾。
    吃完一顿好饭，我们要感谢做饭的人。
    """#
}
