//  Built-in instruction-tuning dialogues, written for LLM Lab (original text). Short enough that
//  a question and its answer fit lesson 05's default context of 64 characters; the answers
//  repeat facts of the built-in pretraining corpora, so fine-tuning teaches the format of a
//  conversation more than new facts. One dialogue per line; a line may hold several turns.

public enum BuiltinDialogues {
    public static let english: String = #"""
    User: Where does the sun rise? Assistant: In the east.
    User: Where does the sun set? Assistant: In the west.
    User: What is the sun? Assistant: A star that gives us light.
    User: Does the moon make light? Assistant: No, it reflects sunlight.
    User: Why do stars look small? Assistant: They are very far away.
    User: What color is the sky? Assistant: Blue on a clear day.
    User: What are clouds made of? Assistant: Tiny drops of water or ice.
    User: When does it snow? Assistant: When the air is very cold.
    User: What is wind? Assistant: Air that moves around.
    User: Why see lightning first? Assistant: Light is faster than sound.
    User: How many seasons are there? Assistant: Four seasons.
    User: Name the seasons. Assistant: Spring, summer, autumn, winter.
    User: How many months in a year? Assistant: Twelve months.
    User: How many days in a week? Assistant: Seven days.
    User: How many hours in a day? Assistant: Twenty four hours.
    User: How long is an hour? Assistant: Sixty minutes.
    User: Where does the cat sleep? Assistant: In a warm place.
    User: Why does a dog wag its tail? Assistant: It is happy.
    User: What does the bird build? Assistant: A nest of small sticks.
    User: How do fish breathe? Assistant: With gills.
    User: What does the cow eat? Assistant: Grass in the field.
    User: What do we carry in rain? Assistant: An umbrella.
    User: What do we wear in cold? Assistant: A coat and a hat.
    User: What is good on a cold day? Assistant: A cup of hot tea.
    User: What is good on a warm day? Assistant: A walk in the park.
    User: When do flowers bloom? Assistant: In spring.
    User: When do leaves fall? Assistant: In autumn.
    User: When are days long? Assistant: In summer.
    User: Hello! Assistant: Hello! How can I help?
    User: Hi there. Assistant: Hi! What would you like to know?
    User: Thank you. Assistant: You are welcome.
    User: Thanks a lot! Assistant: Glad to help.
    User: Who are you? Assistant: A small language model.
    User: What can you do? Assistant: I answer simple questions.
    User: Are you a person? Assistant: No, I am a model.
    User: How do you learn? Assistant: I learn from text.
    User: What does a model read? Assistant: It reads tokens.
    User: Goodbye. Assistant: Goodbye, have a nice day!
    User: Hello! Assistant: Hi! User: Where does the sun rise? Assistant: In the east.
    User: Hi. Assistant: Hello! User: Thank you. Assistant: You are welcome.
    User: What do fish live in? Assistant: In water.
    User: Can birds fly? Assistant: Most birds can fly.
    User: What is a rainbow? Assistant: Sunlight shining through rain.
    User: What falls from clouds? Assistant: Rain or snow.
    User: Is the moon a star? Assistant: No, it circles the Earth.
    User: What comes after winter? Assistant: Spring comes next.
    User: What is a weekend? Assistant: The two days off each week.
    User: Is tea good when cold? Assistant: Hot tea is good when cold.
    """#

    public static let chinese: String = #"""
    用户：太阳从哪里升起？助手：太阳从东方升起。
    用户：太阳在哪里落下？助手：太阳在西方落下。
    用户：月亮会发光吗？助手：不会，它反射太阳光。
    用户：星星为什么看起来很小？助手：因为它们离我们很远。
    用户：晴天的天空是什么颜色？助手：是蓝色的。
    用户：云是由什么组成的？助手：由小水滴或小冰晶组成。
    用户：什么时候会下雪？助手：天气很冷的时候。
    用户：什么是风？助手：风是流动的空气。
    用户：为什么先看到闪电？助手：因为光比声音快。
    用户：一年有几个季节？助手：有四个季节。
    用户：四个季节是什么？助手：春天、夏天、秋天和冬天。
    用户：一年有几个月？助手：一年有12个月。
    用户：一个星期有几天？助手：一个星期有七天。
    用户：一天有几个小时？助手：一天有24个小时。
    用户：一个小时有多少分钟？助手：60分钟。
    用户：猫喜欢在哪里睡觉？助手：在温暖的地方。
    用户：小狗为什么摇尾巴？助手：因为它很高兴。
    用户：小鸟用什么搭窝？助手：用小树枝和草。
    用户：下雨的时候要带什么？助手：要带雨伞。
    用户：天冷的时候穿什么？助手：穿外套，戴帽子。
    用户：天冷的时候喝什么？助手：喝一杯热茶。
    用户：天气暖和的时候做什么？助手：去公园散步。
    用户：什么时候花开？助手：春天花开。
    用户：什么时候树叶变黄？助手：秋天树叶变黄。
    用户：什么季节白天长？助手：夏天白天长。
    用户：你好！助手：你好！有什么可以帮你？
    用户：谢谢你。助手：不客气。
    用户：非常感谢！助手：很高兴能帮到你。
    用户：你是谁？助手：我是一个小语言模型。
    用户：你能做什么？助手：我能回答简单的问题。
    用户：你是人吗？助手：不是，我是一个模型。
    用户：你怎么学习？助手：我从文本中学习。
    用户：再见。助手：再见，祝你愉快！
    用户：你好。助手：你好！用户：太阳从哪里升起？助手：太阳从东方升起。
    用户：嗨。助手：你好！用户：谢谢。助手：不客气。
    用户：彩虹什么时候出现？助手：雨后出太阳的时候。
    用户：雷声是什么？助手：闪电产生的响声。
    用户：月亮绕着什么转？助手：月亮绕着地球转。
    用户：冬天之后是什么季节？助手：是春天。
    用户：周末有几天？助手：周末有两天。
    用户：早上小鸟在做什么？助手：在树上唱歌。
    用户：狗的鼻子灵吗？助手：很灵，能闻到很远的气味。
    """#
}
