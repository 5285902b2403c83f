//  Built-in simple stories, generated for LLM Lab (original text, no third-party content).

import LabBase

/// A corpus of simple stories, generated from templates about a small, fixed world.
///
/// A character-level GPT of a million parameters, trained for a minute, needs a few hundred
/// thousand characters of text to learn from; the hand-written corpus (`BuiltinCorpus.english`)
/// has fourteen thousand, which such a model starts to learn by heart before it has learned
/// much English. Writing four hundred thousand characters by hand is not practical, and a real
/// corpus brings a large vocabulary and long-range knowledge that a tiny model cannot learn in a
/// minute. So the lab *generates* its stories: a few hundred words, short sentences, and a world
/// small enough to learn.
///
/// The world. Twelve children, each with facts that never change anywhere in the corpus:
///
///     Mia  she  dog Pip          blue house by the river     pancakes           yellow  friend Tom
///     Tom  he   cat Smudge       red house by the hill       apple pie          green   friend Sam
///     Lily she  rabbit Hops      white house by the farm     strawberries       pink    friend Ella
///     …    (the table `people` below has all twelve)
///
/// Ten places (park, river, market, school, library, beach, forest, farm, bakery, hill), each
/// with its own things to do; weather with consistent consequences (rain brings umbrellas and
/// puddles, snow brings coats and snowmen, sun brings hats, wind brings kites); times of day;
/// sums that are always right ("Mia had five apples. She gave two to Tom. Now Mia had three
/// apples."); short dialogue in quotes; and feelings with their reasons.
///
/// Each story is one line of four to nine sentences, built from one of twelve kinds of episode
/// (an outing, a visit, sharing, shopping, a lost thing, a change of weather, school, the
/// library, a birthday, a pet's adventure, bedtime, a feeling and its reason), with its words,
/// clauses and order drawn at random. So the held-out last tenth of the corpus is made of the
/// same words and patterns as the rest but is not a copy of it: to predict it a model must
/// generalise (the tests check that almost no held-out story appears in the training part).
///
/// Because the facts are fixed and stated often, a lesson can test what a model has learned:
/// `facts` lists prompts such as "Mia has a dog called", each followed in the corpus by one
/// answer only ("Pip"), which a trained model should produce by greedy decoding.
///
/// The stories are far more predictable than real text: the random choices behind them come
/// to about 0.07 nats per character (at most), so a model's validation loss well above that
/// measures the rules it has not learned yet, not noise it could never predict.
///
/// The text is plain ASCII (letters, digits, space and . , ! ? ' " -), so a character
/// tokenizer's vocabulary stays small. Everything is drawn from the lab's seeded `RNG`, so the
/// corpus is the same on every machine and every run.
public enum BuiltinStories {
    /// The number of stories in `stories` (about 400 KB of text).
    public static let defaultCount = 1300
    /// The seed of `stories`.
    public static let defaultSeed: UInt64 = 2024

    /// The built-in stories, one per element (no newlines inside).
    public static let stories: [String] = generate(count: defaultCount, seed: defaultSeed)

    /// `count` stories drawn with `seed`; the same arguments always give the same stories.
    public static func generate(count: Int, seed: UInt64) -> [String] {
        var teller = Teller(seed: seed)
        return (0..<max(0, count)).map { _ in teller.story() }
    }

    /// Completions that the corpus always makes the same way: wherever `prompt` occurs in
    /// `stories`, it is followed by a space and `answer` (the tests check it). Two per child:
    /// the pet's name, and one more fact in turn (home, favourite food, favourite colour, best
    /// friend). Some are easier than others: "Nora has a tortoise called" can be answered from
    /// "tortoise" alone (there is one tortoise), but two children have dogs and two have cats,
    /// and a favourite food can only be recalled from the name.
    public static let facts: [(prompt: String, answer: String)] = {
        var out: [(prompt: String, answer: String)] = []
        for p in people {
            out.append(("\(p.name) has a \(p.species.name) called", p.pet))
        }
        for (i, p) in people.enumerated() {
            switch i % 4 {
            case 0: out.append(("\(p.name) lives in the", p.home))
            case 1: out.append(("\(p.name)'s favourite food is", p.food))
            case 2: out.append(("\(p.name)'s favourite colour is", p.colour))
            default: out.append(("\(p.name)'s best friend is", p.friend))
            }
        }
        return out
    }()

    // MARK: - The world

    struct Species {
        let name: String, plural: String
        /// Comes along on walks (a cat or a goldfish stays at home).
        let walks: Bool
        /// What it does to say hello, after its name: "Pip barked and wagged its tail."
        let hello: String
        /// What it does outdoors, after its name.
        let outdoors: [String]
        /// What it does at home, after its name.
        let atHome: [String]
        /// Where it sleeps, after "asleep".
        let bed: String
        /// A treat, after "gave Pip".
        let treat: String
        /// Something true about the species, for a library book.
        let fact: String
    }

    static let dog = Species(
        name: "dog", plural: "dogs", walks: true, hello: "barked and wagged its tail",
        outdoors: ["chased a stick", "ran after a ball", "sniffed every tree", "ran round and round in circles"],
        atHome: ["chewed an old shoe", "slept in its basket", "barked at the postman"],
        bed: "in its basket", treat: "a bone", fact: "dogs can smell things that people cannot")
    static let cat = Species(
        name: "cat", plural: "cats", walks: false, hello: "purred and rubbed against the door",
        outdoors: [], atHome: ["slept in the sun by the window", "played with a ball of wool", "watched the birds in the garden"],
        bed: "by the fire", treat: "some fish", fact: "cats sleep for most of the day")
    static let rabbit = Species(
        name: "rabbit", plural: "rabbits", walks: false, hello: "twitched its nose",
        outdoors: [], atHome: ["ate a big carrot", "hopped round the garden", "dug a hole in the grass"],
        bed: "in its hutch", treat: "a carrot", fact: "rabbits can hop very fast")
    static let parrot = Species(
        name: "parrot", plural: "parrots", walks: false, hello: "flapped its wings and said hello",
        outdoors: [], atHome: ["sang a funny song", "said \"Good morning!\" ten times", "ate some seeds"],
        bed: "in its cage", treat: "some seeds", fact: "parrots can learn to say words")
    static let pony = Species(
        name: "pony", plural: "ponies", walks: true, hello: "shook its head and neighed",
        outdoors: ["trotted along the path", "ate the long grass", "carried a bag of apples"],
        atHome: ["ate some hay", "rolled in the grass"],
        bed: "in the stable", treat: "an apple", fact: "ponies can sleep standing up")
    static let goldfish = Species(
        name: "goldfish", plural: "goldfish", walks: false, hello: "swam to the top of its bowl",
        outdoors: [], atHome: ["swam round and round in its bowl", "blew little bubbles", "hid behind a green plant"],
        bed: "in its bowl", treat: "some fish food", fact: "goldfish can see many colours")
    static let tortoise = Species(
        name: "tortoise", plural: "tortoises", walks: false, hello: "poked its head out of its shell",
        outdoors: [], atHome: ["walked very slowly across the garden", "ate a lettuce leaf", "hid in its shell"],
        bed: "in its box", treat: "a lettuce leaf", fact: "tortoises can live for a hundred years")
    static let hamster = Species(
        name: "hamster", plural: "hamsters", walks: false, hello: "squeaked",
        outdoors: [], atHome: ["ran on its wheel", "filled its cheeks with seeds", "hid in a box of paper"],
        bed: "in its cage", treat: "a sunflower seed", fact: "hamsters carry food in their cheeks")
    static let duck = Species(
        name: "duck", plural: "ducks", walks: true, hello: "quacked",
        outdoors: ["waddled along the path", "splashed in a puddle", "quacked at the other ducks"],
        atHome: ["swam in the little pond", "quacked at the cat next door"],
        bed: "by the little pond", treat: "some grain", fact: "ducks have feathers that keep out the water")
    static let goat = Species(
        name: "goat", plural: "goats", walks: true, hello: "bleated",
        outdoors: ["climbed on a big rock", "ate some leaves from a bush", "jumped over a log"],
        atHome: ["ate the flowers in the garden", "climbed on the shed"],
        bed: "in the shed", treat: "some hay", fact: "goats can climb steep rocks")

    struct Person {
        let name: String
        let female: Bool
        let species: Species
        let pet: String
        let home: String
        let food: String
        let foodIsPlural: Bool
        let colour: String
        let friend: String

        var he: String { female ? "she" : "he" }
        var his: String { female ? "her" : "his" }
        var him: String { female ? "her" : "him" }
        var child: String { female ? "girl" : "boy" }
        /// "them" for pancakes, "it" for apple pie.
        var foodIt: String { foodIsPlural ? "them" : "it" }
        /// "a yellow" or "an orange".
        var aColour: String { "\("aeiou".contains(colour.first!) ? "an" : "a") \(colour)" }
    }

    /// The twelve children. No name is the start of another name, so a prompt of `facts`
    /// matches only where it is meant to.
    static let people: [Person] = [
        Person(name: "Mia", female: true, species: dog, pet: "Pip", home: "blue house by the river",
               food: "pancakes", foodIsPlural: true, colour: "yellow", friend: "Tom"),
        Person(name: "Tom", female: false, species: cat, pet: "Smudge", home: "red house by the hill",
               food: "apple pie", foodIsPlural: false, colour: "green", friend: "Sam"),
        Person(name: "Lily", female: true, species: rabbit, pet: "Hops", home: "white house by the farm",
               food: "strawberries", foodIsPlural: true, colour: "pink", friend: "Ella"),
        Person(name: "Ben", female: false, species: parrot, pet: "Polly", home: "flat above the bakery",
               food: "cheese sandwiches", foodIsPlural: true, colour: "orange", friend: "Leo"),
        Person(name: "Ella", female: true, species: pony, pet: "Daisy", home: "green house by the forest",
               food: "carrot soup", foodIsPlural: false, colour: "purple", friend: "Lily"),
        Person(name: "Sam", female: false, species: goldfish, pet: "Bubbles", home: "small house by the school",
               food: "noodles", foodIsPlural: true, colour: "blue", friend: "Tom"),
        Person(name: "Rosa", female: true, species: cat, pet: "Mittens", home: "flat above the market",
               food: "bananas", foodIsPlural: true, colour: "red", friend: "Nora"),
        Person(name: "Leo", female: false, species: dog, pet: "Rex", home: "yellow house by the beach",
               food: "pizza", foodIsPlural: false, colour: "brown", friend: "Ben"),
        Person(name: "Nora", female: true, species: tortoise, pet: "Shelly", home: "house next to the library",
               food: "honey cake", foodIsPlural: false, colour: "white", friend: "Rosa"),
        Person(name: "Jack", female: false, species: hamster, pet: "Nibbles", home: "grey house by the park",
               food: "cherries", foodIsPlural: true, colour: "black", friend: "Omar"),
        Person(name: "Zoe", female: true, species: duck, pet: "Waddles", home: "little cottage by the lake",
               food: "tomato soup", foodIsPlural: false, colour: "silver", friend: "Mia"),
        Person(name: "Omar", female: false, species: goat, pet: "Billy", home: "old farmhouse on the hill",
               food: "rice pudding", foodIsPlural: false, colour: "gold", friend: "Jack"),
    ]

    static func person(_ name: String) -> Person { people.first { $0.name == name }! }

    enum Weather: CaseIterable { case sunny, rainy, snowy, windy, cloudy }
    enum Time: CaseIterable { case morning, afternoon, evening }

    struct Place {
        let name: String
        /// Weathers it suits (nobody paddles in the sea in the snow).
        let weathers: [Weather]
        /// Things to do there, in the past tense, after a subject: "Mia built a sandcastle."
        let things: [String]
        let indoors: Bool
        /// Where someone is when there: "in the park", "on the hill".
        var at: String { "\(["park", "forest", "library"].contains(name) ? "in" : ["hill", "farm"].contains(name) ? "on" : name == "river" ? "by" : "at") the \(name)" }
    }

    static let places: [Place] = [
        Place(name: "park", weathers: [.sunny, .rainy, .snowy, .windy, .cloudy],
              things: ["played on the swings", "fed the ducks by the pond", "kicked a ball on the grass", "went down the big slide"],
              indoors: false),
        Place(name: "river", weathers: [.sunny, .windy, .cloudy],
              things: ["watched the boats go by", "threw little stones into the water", "saw a big fish jump", "sat on the bridge"],
              indoors: false),
        Place(name: "market", weathers: [.sunny, .rainy, .windy, .cloudy],
              things: ["looked at the fruit and the flowers", "bought a bag of apples", "tasted some fresh bread", "watched a man sell fish"],
              indoors: true),
        Place(name: "school", weathers: [.sunny, .rainy, .snowy, .windy, .cloudy],
              things: ["read a story", "painted a picture", "sang a song with the class", "played in the yard"],
              indoors: true),
        Place(name: "library", weathers: [.sunny, .rainy, .snowy, .windy, .cloudy],
              things: ["read a book about the stars", "found a book about the sea", "read quietly by the window", "looked at a big book of maps"],
              indoors: true),
        Place(name: "beach", weathers: [.sunny, .windy, .cloudy],
              things: ["built a sandcastle", "looked for shells", "paddled in the sea", "ran along the sand"],
              indoors: false),
        Place(name: "forest", weathers: [.sunny, .rainy, .snowy, .windy, .cloudy],
              things: ["walked under the tall trees", "found a pine cone", "saw a squirrel run up a tree", "listened to the birds sing"],
              indoors: false),
        Place(name: "farm", weathers: [.sunny, .rainy, .snowy, .windy, .cloudy],
              things: ["fed the hens", "saw the cows in the field", "helped the farmer collect eggs", "gave the pigs some apples"],
              indoors: false),
        Place(name: "bakery", weathers: [.sunny, .rainy, .snowy, .windy, .cloudy],
              things: ["bought a loaf of bread", "bought a warm bun", "watched the baker make cakes", "smelled the fresh bread"],
              indoors: true),
        Place(name: "hill", weathers: [.sunny, .snowy, .windy, .cloudy],
              things: ["rolled down the grass", "looked at the town below", "climbed to the very top", "sat on a big rock"],
              indoors: false),
    ]

    static let numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                          "nineteen", "twenty"]

    static let topics = ["the stars", "the sea", "dinosaurs", "trains", "the moon", "castles", "boats"]
    static let topicFacts = ["the sun is a star", "the sea is salty", "some dinosaurs were as big as a house",
                             "the first trains ran on steam", "the moon goes round the earth", "some castles have a moat",
                             "some boats have sails"]

    // MARK: - The storyteller

    /// Draws stories: every choice comes from `rng`, in a fixed order.
    struct Teller {
        var rng: RNG
        init(seed: UInt64) { rng = RNG(seed: seed) }

        mutating func pick<T>(_ xs: [T]) -> T { xs[rng.int(below: xs.count)] }
        mutating func chance(_ p: Double) -> Bool { rng.uniformDouble() < p }
        mutating func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + rng.int(below: range.count) }
        mutating func other(than names: String...) -> Person {
            while true {
                let p = pick(people)
                if !names.contains(p.name) { return p }
            }
        }

        func cap(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
        func count(_ n: Int, _ noun: String) -> String { "\(numbers[n]) \(n == 1 ? String(noun.dropLast()) : noun)" }

        mutating func story() -> String {
            let p = pick(people)
            var s: [String]
            switch rng.int(below: 16) {
            case 0, 1, 2: s = outing(p)
            case 3, 4: s = visit(p)
            case 5, 6: s = sharing(p)
            case 7: s = shopping(p)
            case 8: s = lost(p)
            case 9: s = weatherChange(p)
            case 10: s = school(p)
            case 11: s = library(p)
            case 12: s = birthday(p)
            case 13: s = petStory(p)
            case 14: s = bedtime(p)
            default: s = feelings(p)
            }
            // One to three of the child's fixed facts in front, as long as the story stays within
            // four to nine sentences. The pet and the home come up more often than the rest; a
            // fact the episode already states is not said twice.
            let told = s.joined(separator: " ")
            let length = sentenceCount(told)
            var kinds = [0, 0, 1, 1, 2, 3, 4]
            rng.shuffle(&kinds)
            var fresh: [Int] = []
            for k in kinds where !fresh.contains(k) && !told.contains(factPrompt(k, p)) { fresh.append(k) }
            var extra = min(fresh.count, max(0, min(9 - length, pick([1, 1, 2, 2, 3]))))
            if length + extra < 4 { extra = min(fresh.count, 4 - length) }
            var intro: [String] = []
            if extra > 0 && length + extra < 9 && chance(0.2) {
                if chance(0.5) || told.contains(factPrompt(1, p)) { intro.append("This is \(p.name).") } else {
                    intro.append("\(p.name) is a \(p.child) who lives in the \(p.home).")
                    fresh.removeAll { $0 == 1 }
                    extra = min(extra, fresh.count)
                }
            }
            let chosen = Array(fresh.prefix(extra))
            for k in chosen { intro.append(fact(k, p, petTold: chosen.contains(0) || told.contains(p.pet))) }
            return (intro + s).joined(separator: " ")
        }

        /// The sentences in `text`: each ends at . ! or ? before a space or the end, or at a closing
        /// quote after one of them, before the end or a new sentence (`"Good!" said Mia.` is one).
        func sentenceCount(_ text: String) -> Int {
            let c = Array(text.utf8)
            var n = 0
            for i in c.indices where c[i] == UInt8(ascii: ".") || c[i] == UInt8(ascii: "!") || c[i] == UInt8(ascii: "?") {
                let next = i + 1 < c.count ? c[i + 1] : nil
                if next == nil || next == UInt8(ascii: " ") { n += 1; continue }
                guard next == UInt8(ascii: "\"") else { continue }
                if i + 2 >= c.count { n += 1 } else if c[i + 2] == UInt8(ascii: " "), i + 3 < c.count,
                    c[i + 3] == UInt8(ascii: "\"") || (c[i + 3] >= UInt8(ascii: "A") && c[i + 3] <= UInt8(ascii: "Z")) { n += 1 }
            }
            return n
        }

        /// The words that open a sentence stating fact `kind` (the prompt of `facts`).
        func factPrompt(_ kind: Int, _ p: Person) -> String {
            switch kind {
            case 0: return "\(p.name) has a \(p.species.name) called"
            case 1: return "\(p.name) lives in the"
            case 2: return "\(p.name)'s favourite food is"
            case 3: return "\(p.name)'s favourite colour is"
            default: return "\(p.name)'s best friend is"
            }
        }

        /// A sentence stating one of `p`'s fixed facts, always in the words of `facts`.
        /// (`petTold`: the story names the pet elsewhere, so the home is not said to be shared with it.)
        mutating func fact(_ kind: Int, _ p: Person, petTold: Bool) -> String {
            switch kind {
            case 0: return "\(p.name) has a \(p.species.name) called \(p.pet)."
            case 1: return petTold || chance(0.6) ? pick(["\(p.name) lives in the \(p.home).", "\(p.name) lives in the \(p.home) with \(p.his) mum and dad."])
                                                  : "\(p.name) lives in the \(p.home) with \(p.his) \(p.species.name), \(p.pet)."
            case 2: return pick(["\(p.name)'s favourite food is \(p.food).", "\(p.name)'s favourite food is \(p.food), and \(p.he) could eat \(p.foodIt) every day."])
            case 3: return pick(["\(p.name)'s favourite colour is \(p.colour).", "\(p.name)'s favourite colour is \(p.colour), so \(p.he) has \(p.aColour) \(pick(["bag", "bike", "hat", "kite"]))."])
            default: return pick(["\(p.name)'s best friend is \(p.friend).", "\(p.name)'s best friend is \(p.friend), and they play together every day."])
            }
        }

        mutating func timePhrase(_ t: Time) -> String {
            switch t {
            case .morning: return pick(["One morning", "Early one morning", "On Saturday morning", "On Sunday morning", "One day"])
            case .afternoon: return pick(["One afternoon", "After lunch", "After school", "On Saturday afternoon", "One day"])
            case .evening: return pick(["One evening", "In the evening", "After tea", "On Friday evening"])
            }
        }

        mutating func weather(for t: Time) -> Weather {
            t == .evening ? pick([.rainy, .snowy, .windy, .cloudy]) : pick(Weather.allCases)
        }

        /// The weather, and what `p` does about it.
        mutating func weatherSentence(_ w: Weather, _ p: Person) -> String {
            switch w {
            case .sunny: return pick(["It was a hot, sunny day, so \(p.he) wore \(p.his) sun hat.",
                                      "The sun was shining, so \(p.he) put on \(p.his) hat.",
                                      "It was sunny and warm, so \(p.he) took a bottle of water."])
            case .rainy: return pick(["It was raining, so \(p.he) took \(p.his) \(p.colour) umbrella.",
                                      "Rain was falling, so \(p.he) put on \(p.his) boots and took an umbrella.",
                                      "It was a wet day, so \(p.he) wore \(p.his) raincoat."])
            case .snowy: return pick(["It was snowing, so \(p.he) put on \(p.his) warm coat.",
                                      "Snow was falling, so \(p.he) wore \(p.his) coat and \(p.his) \(p.colour) scarf.",
                                      "It was cold and snowy, so \(p.he) wore a coat, a hat and gloves."])
            case .windy: return pick(["It was a windy day, so \(p.he) took \(p.his) \(p.colour) kite.",
                                      "The wind was blowing hard, so \(p.he) held on to \(p.his) hat."])
            case .cloudy: return pick(["The sky was grey and cloudy, but it did not rain.",
                                       "It was a cloudy day, so \(p.he) took a jumper."])
            }
        }

        /// Something the weather brings, later in the outing.
        mutating func weatherEvent(_ w: Weather, _ who: String) -> String {
            switch w {
            case .sunny: return pick(["Later, \(who) sat in the shade of a big tree, because it was so hot.", "The sun was hot, so \(who) had a cold drink."])
            case .rainy: return pick(["There were big puddles on the path, and \(who) jumped in them.", "The rain made everything wet, but \(who) did not mind."])
            case .snowy: return pick(["\(cap(who)) made a snowman with a carrot nose.", "\(cap(who)) threw snowballs and laughed."])
            case .windy: return pick(["The wind blew the leaves off the trees.", "The wind pushed \(who) along the path."])
            case .cloudy: return pick(["The sun did not come out, but \(who) had fun.", "It was cool, so \(who) walked fast."])
            }
        }

        mutating func goingHome(_ t: Time, _ p: Person) -> String {
            switch t {
            case .morning: return pick(["At lunch time, \(p.name) went home to the \(p.home).", "Then it was time for lunch, so \(p.he) went home."])
            case .afternoon: return pick(["At tea time, \(p.name) went home to the \(p.home).", "Then \(p.he) walked home for tea."])
            case .evening: return pick(["When it got dark, \(p.name) went home to the \(p.home).", "Soon it was dark, and \(p.name) went home to bed."])
            }
        }

        // MARK: Episodes

        /// A trip to a place, with the pet if it comes on walks, or with the best friend.
        mutating func outing(_ p: Person) -> [String] {
            let t: Time = pick(Time.allCases)
            let w = weather(for: t)
            // (no school in the evening)
            let place = pick(places.filter { $0.weathers.contains(w) && (t != .evening || $0.name != "school") })
            let withPet = p.species.walks && !place.indoors && chance(0.7)
            let friend = !withPet && chance(0.5) ? person(p.friend) : nil
            var s: [String] = []
            if withPet {
                s.append("\(timePhrase(t)), \(p.name) took \(p.his) \(p.species.name) \(p.pet) to the \(place.name).")
            } else if let f = friend {
                s.append("\(timePhrase(t)), \(p.name) and \(p.his) best friend \(f.name) \(pick(["went", "walked"])) to the \(place.name).")
            } else {
                s.append("\(timePhrase(t)), \(p.name) \(pick(["went", "walked", "ran"])) to the \(place.name).")
            }
            s.append(weatherSentence(w, p))
            let who = friend != nil ? "they" : p.he
            var things = place.things
            rng.shuffle(&things)
            s.append("\(cap(who)) \(things[0]).")
            if withPet { s.append("\(p.pet) \(pick(p.species.outdoors)).") }
            if chance(0.5) { s.append(weatherEvent(w, who)) }
            if chance(0.4) { s.append("Then \(who) \(things[1]).") }
            if chance(0.5) {
                if withPet {
                    s.append(pick(["\(p.name) called, \"Come here, \(p.pet)!\"", "\"Good \(p.species.name)!\" said \(p.name).",
                                   "\"Do you like the \(place.name), \(p.pet)?\" asked \(p.name)."]))
                } else if let f = friend {
                    s.append(pick(["\"This is fun!\" said \(f.name).", "\"Let's come here again tomorrow,\" said \(p.name).",
                                   "\"I love the \(place.name),\" \(f.name) said."]))
                } else {
                    s.append(pick(["\"What a lovely day!\" said \(p.name).", "\"I love the \(place.name)!\" said \(p.name)."]))
                }
            }
            if chance(0.5) {
                let reason = withPet ? "\(p.pet) was having fun" : friend != nil ? "\(p.he) was with \(p.his) best friend" : "\(p.he) liked the \(place.name)"
                s.append("\(p.name) was \(pick(["happy", "glad"])), because \(reason).")
            }
            s.append(goingHome(t, p))
            return s
        }

        /// A visit to the best friend's home: the friend's home, pet and favourite food.
        mutating func visit(_ p: Person) -> [String] {
            let f = person(p.friend)
            let t: Time = pick([.morning, .afternoon])
            let w = weather(for: t)
            var s: [String] = []
            if chance(0.5) {
                s.append("\(timePhrase(t)), \(p.name) went to see \(p.his) best friend, \(f.name).")
            } else {
                s.append("\(p.name)'s best friend is \(f.name).")
                s.append("\(timePhrase(t)), \(p.name) went to play at \(f.name)'s house.")
            }
            s.append("\(f.name) lives in the \(f.home).")
            if chance(0.7) { s.append("\(f.name)'s \(f.species.name), \(f.pet), \(f.species.hello).") }
            if w == .rainy || w == .snowy {
                s.append("It was \(w == .rainy ? "raining" : "snowing") outside, so they played inside.")
                s.append(pick(["They built a tall tower with blocks.", "They drew pictures of \(f.pet).", "They played a game of cards.",
                               "They read a book about \(pick(topics))."]))
            } else {
                s.append(pick(["They played in the garden.", "They played hide and seek in the garden.", "They played with \(f.aColour) ball."]))
            }
            if chance(0.6) {
                s.append(pick(["For lunch, they had \(f.food), because \(f.name)'s favourite food is \(f.food).",
                               "\(f.name)'s mum gave them \(f.food), because \(f.name)'s favourite food is \(f.food)."]))
            }
            if chance(0.4) { s.append(pick(["\"Thank you for having me!\" said \(p.name).", "\"Come again soon!\" said \(f.name)."])) }
            s.append(pick(["Then \(p.name) walked home to the \(p.home).", "Later, \(p.name)'s dad came to take \(p.him) home."]))
            return s
        }

        /// Sharing or finding things, with the sum kept right: "Now Mia had three apples."
        mutating func sharing(_ p: Person) -> [String] {
            let f = person(p.friend)
            // (noun, opening with the count, can be eaten)
            let n = number(3...10)
            let things: [(String, String, Bool)] = [
                ("apples", "\(p.name) picked \(count(n, "apples")) from the tree in the garden.", true),
                ("shells", "\(p.name) found \(count(n, "shells")) at the beach.", false),
                ("eggs", "\(p.name) collected \(count(n, "eggs")) at the farm.", false),
                ("cakes", "\(p.name) baked \(count(n, "cakes")) with \(p.his) mum.", true),
                ("sweets", "\(p.name) had \(count(n, "sweets")) in \(p.his) pocket.", true),
                ("marbles", "\(p.name) had \(count(n, "marbles")).", false),
                ("stickers", "\(p.name) had \(count(n, "stickers")).", false),
                ("flowers", "\(p.name) picked \(count(n, "flowers")) in the park.", false),
            ]
            let (noun, opening, edible) = pick(things)
            var s: [String] = []
            switch rng.int(below: 5) {
            case 0, 1: s.append("\(timePhrase(pick(Time.allCases))), \(p.name) and \(f.name) were playing together.")
            case 2: s.append("\(p.name)'s best friend is \(f.name).")
            default: break
            }
            s.append(opening)
            var have = n
            for step in 0..<(chance(0.35) ? 2 : 1) {
                let adding = have < 3 || (step == 1 && chance(0.5)) || chance(0.25)
                if adding {
                    let m = number(1...min(5, 20 - have))
                    have += m
                    s.append(pick(["\(f.name) gave \(p.him) \(numbers[m]) more.", "Then \(p.he) found \(numbers[m]) more.",
                                   "\(cap(p.his)) mum gave \(p.him) \(numbers[m]) more."]))
                } else {
                    let m = number(1...have - 1)
                    have -= m
                    var ways = ["\(cap(p.he)) gave \(numbers[m]) to \(f.name).", "Then \(p.he) gave \(numbers[m]) to \(f.name).",
                                "\(cap(p.he)) lost \(numbers[m]) on the way home."]
                    if edible { ways.append("\(cap(p.he)) ate \(numbers[m]) of them.") }
                    s.append(pick(ways))
                }
            }
            s.append("Now \(p.name) had \(count(have, noun)).")
            if chance(0.5) {
                s.append("\"How many do you have now?\" asked \(f.name).")
                s.append("\"\(cap(numbers[have]))!\" said \(p.name).")
            }
            if chance(0.4) { s.append(pick(["\(p.name) was happy, because sharing is fun.", "\(f.name) smiled and said, \"Thank you!\""])) }
            return s
        }

        /// Buying things with coins, the change kept right.
        mutating func shopping(_ p: Person) -> [String] {
            let t: Time = pick([.morning, .afternoon])
            let bakery = chance(0.5)
            let grown = pick(["mum", "dad", "grandma", "grandpa"])
            let items = bakery ? ["a loaf of bread", "a bag of buns", "a big cake", "a box of cookies"]
                               : ["a bag of apples", "some carrots", "a bunch of bananas", "a pot of honey"]
            let n = number(5...12)
            var s = ["\(timePhrase(t)), \(p.name) went to the \(bakery ? "bakery" : "market") with \(p.his) \(grown).",
                     "\(p.name) had \(count(n, "coins"))."]
            var have = n
            var shuffled = items
            rng.shuffle(&shuffled)
            for i in 0..<(chance(0.4) ? 2 : 1) where have > 1 {
                let m = number(1...min(5, have - 1))
                have -= m
                s.append("\(i == 0 ? cap(p.he) : "Then \(p.he)") bought \(shuffled[i]) for \(count(m, "coins")).")
            }
            s.append("Now \(p.name) had \(count(have, "coins")).")
            if chance(0.5) {
                s.append(bakery ? "The baker smiled and gave \(p.him) a warm bun." : "The woman at the fruit stall gave \(p.him) a red apple.")
            }
            if chance(0.5) { s.append("\(cap(p.he)) put the coins back in \(p.his) pocket and went home with \(p.his) \(grown).") }
            return s
        }

        /// A lost thing in the child's favourite colour, found by the dog or by the friend.
        mutating func lost(_ p: Person) -> [String] {
            let f = person(p.friend)
            let thing = pick(["hat", "scarf", "ball", "glove", "book", "bag"])
            let place = pick(places.filter { !$0.indoors })
            var s = ["\(timePhrase(pick([.morning, .afternoon]))), \(p.name) lost \(p.his) \(p.colour) \(thing) \(place.at).",
                     "\(cap(p.he)) looked \(pick(["everywhere", "all around", "high and low"])), but \(p.he) could not find it."]
            switch rng.int(below: 3) {
            case 0: s.append("\(p.name) was sad, because it was \(p.his) favourite \(thing).")
            case 1: s.append("\(p.name) was sad, because the \(thing) was \(p.colour), and \(p.name)'s favourite colour is \(p.colour).")
            default: break
            }
            if p.species.name == "dog" && chance(0.7) {
                s.append("Then \(p.pet) sniffed the ground and ran to a bush.")
                s.append("The \(p.colour) \(thing) was under the bush!")
                s.append("\"Good \(p.species.name), \(p.pet)!\" said \(p.name).")
            } else {
                s.append("Then \(f.name) came along.")
                s.append("\"Is this your \(thing)?\" \(f.he) asked.")
                s.append("\(f.name) had found it \(pick(["under a bench", "by the gate", "next to a tree", "in the grass"])).")
                if chance(0.6) { s.append("\"Thank you, \(f.name)!\" said \(p.name). \"You are a good friend.\"") }
            }
            if chance(0.5) { s.append("\(p.name) was happy again.") }
            return s
        }

        /// The weather turns while two friends play outside.
        mutating func weatherChange(_ p: Person) -> [String] {
            let f = person(p.friend)
            let place = pick(places.filter { !$0.indoors && $0.weathers.contains(.sunny) })
            var s = chance(0.3) ? ["\(p.name)'s best friend is \(f.name).", "\(timePhrase(pick([.morning, .afternoon]))), they were playing \(place.at)."]
                                : ["\(timePhrase(pick([.morning, .afternoon]))), \(p.name) and \(f.name) were playing \(place.at)."]
            s.append(pick(["The sun was shining and the sky was blue.", "At first, the sun was shining."]))
            switch rng.int(below: 3) {
            case 0:
                s.append("Then dark clouds came, and it began to rain.")
                if chance(0.5) {
                    s.append("\(p.name) had \(p.his) \(p.colour) umbrella, so they stood under it together.")
                    s.append("Soon there were big puddles, and they jumped in them.")
                } else {
                    let shelter = pick(places.filter(\.indoors))
                    s.append("They had no umbrella, so they ran to the \(shelter.name) to stay dry.")
                }
                if chance(0.6) { s.append("When the rain stopped, they saw a rainbow over the \(place.name).") }
                if chance(0.4) { s.append("\"Look, a rainbow!\" said \(f.name).") }
            case 1:
                s.append("Then the air got cold, and it began to snow.")
                s.append("They were cold, because they had no coats.")
                s.append("They ran home to get their coats and hats.")
                if chance(0.7) { s.append("Then they made a snowman with a carrot nose.") }
            default:
                s.append("Then the wind began to blow.")
                s.append("The wind took \(p.name)'s hat and blew it into a tree.")
                s.append("\(f.name) climbed up and got it back.")
                if chance(0.6) { s.append("\"Hold on to your hat!\" said \(f.name), and they both laughed.") }
            }
            return s
        }

        /// Sums at school, the answers right.
        mutating func school(_ p: Person) -> [String] {
            let f = person(p.friend)
            var s = [pick(["On \(pick(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])), \(p.name) went to school.",
                           "At school, the teacher wrote some sums on the board."])]
            for (first, child) in [(true, p), (false, f)] where first || chance(0.5) {
                let a = number(1...10)
                if chance(0.6) {
                    let b = number(1...10)
                    s.append("\"What is \(numbers[a]) and \(numbers[b])?\" asked the teacher.")
                    if first && chance(0.3) { s.append("\(child.name) counted on \(child.his) fingers.") }
                    s.append("\"\(cap(numbers[a + b]))!\" said \(child.name).")
                } else {
                    let b = number(1...a)
                    s.append("\"What is \(numbers[a]) take away \(numbers[b])?\" asked the teacher.")
                    s.append("\"\(cap(numbers[a - b]))!\" said \(child.name).")
                }
                s.append(pick(["\"Well done, \(child.name)!\" said the teacher.", "\"That is right,\" said the teacher."]))
            }
            if chance(0.5) {
                s.append(pick(["In the art lesson, \(p.name) painted a picture of \(p.pet), \(p.his) \(p.species.name).",
                               "After school, \(p.name) told \(p.his) mum, and she was proud of \(p.him)."]))
            }
            return s
        }

        /// A book from the library, and what it taught.
        mutating func library(_ p: Person) -> [String] {
            let i = rng.int(below: topics.count + 1)
            let topic = i < topics.count ? topics[i] : p.species.plural
            let learned = i < topics.count ? topicFacts[i] : p.species.fact
            var s = ["\(timePhrase(pick(Time.allCases))), \(p.name) went to the library.",
                     "\(cap(p.he)) wanted a book about \(topic)."]
            if chance(0.5) { s.append("The librarian helped \(p.him) find one.") }
            s.append(pick(["\(cap(p.he)) sat by the window and read it.", "\(cap(p.he)) sat in a big chair and read it quietly."]))
            s.append("\(cap(p.he)) learned that \(learned).")
            if chance(0.3) { s.append("\"Shh,\" said the librarian. \"Please read quietly.\"") }
            if chance(0.6) { s.append("At home, \(p.he) told \(p.pet) all about \(topic).") }
            return s
        }

        /// A birthday: presents in the favourite colour, the favourite food for tea.
        mutating func birthday(_ p: Person) -> [String] {
            let f = person(p.friend)
            let guest = other(than: p.name, f.name)
            var s = ["It was \(p.name)'s birthday."]
            if chance(0.6) { s.append("\(f.name) and \(guest.name) came to the party.") }
            s.append("\(f.name) gave \(p.him) \(p.aColour) \(pick(["balloon", "scarf", "kite", "bag", "ball"])), because \(p.name)'s favourite colour is \(p.colour).")
            s.append("For tea, they had \(p.food), because \(p.name)'s favourite food is \(p.food).")
            if chance(0.6) { s.append("Everyone sang a song, and \(p.pet) \(p.species.hello).") }
            if chance(0.6) { s.append(pick(["\"This is the best birthday ever!\" said \(p.name).", "\"Thank you, everyone!\" said \(p.name)."])) }
            return s
        }

        /// The pet does something of its kind.
        mutating func petStory(_ p: Person) -> [String] {
            var s = ["\(p.name) has a \(p.species.name) called \(p.pet)."]
            if p.species.walks {
                let place = pick(places.filter { !$0.indoors })
                s.append("One day, \(p.pet) ran out of the gate.")
                s.append("\(p.name) looked in the garden and in the street.")
                s.append("At last, \(p.he) found \(p.pet) \(place.at).")
                s.append("\(p.pet) \(pick(p.species.outdoors)).")
                s.append("\(p.name) gave \(p.pet) \(p.species.treat) and took \(p.pet) home.")
                if chance(0.5) { s.append("\"Never run away again!\" said \(p.name).") }
            } else {
                var acts = p.species.atHome
                rng.shuffle(&acts)
                s.append("Every morning, \(p.name) gives \(p.pet) \(p.species.treat).")
                s.append("\(timePhrase(pick([.morning, .afternoon]))), \(p.pet) \(acts[0]).")
                s.append("Then \(p.pet) \(acts[1]).")
                if chance(0.5) {
                    let f = person(p.friend)
                    s.append("When \(f.name) came to visit, \(p.pet) \(p.species.hello).")
                }
                if chance(0.5) { s.append("\"You are a funny \(p.species.name),\" said \(p.name).") }
            }
            return s
        }

        /// Bedtime: the weather outside, the pet asleep.
        mutating func bedtime(_ p: Person) -> [String] {
            let w = weather(for: .evening)
            let grown = pick(["mum", "dad"])
            var s = ["In the evening, \(p.name) was tired after a long day.",
                     "\(cap(p.he)) had a warm bath and put on \(p.his) \(p.colour) pyjamas\(chance(0.4) ? ", because \(p.name)'s favourite colour is \(p.colour)" : "")."]
            if chance(0.7) { s.append("\(p.pet) was asleep \(p.species.bed).") }
            s.append("\(p.name)'s \(grown) read \(p.him) a story about \(pick(topics)).")
            switch w {
            case .rainy: s.append("Outside, the rain was tapping on the window.")
            case .snowy: s.append("Outside, snow was falling softly.")
            case .windy: s.append("Outside, the wind was blowing in the trees.")
            default: s.append("Outside, the moon and the stars were shining.")
            }
            if chance(0.5) { s.append("\"Good night,\" said \(p.his) \(grown). \"Good night,\" said \(p.name).") }
            s.append("Soon \(p.name) was fast asleep.")
            return s
        }

        /// A feeling with its reason, and what made it better.
        mutating func feelings(_ p: Person) -> [String] {
            let f = person(p.friend)
            switch rng.int(below: 3) {
            case 0:
                let place = pick(places.filter { !$0.indoors && !$0.weathers.contains(.rainy) })
                var s = ["\(p.name) was sad, because it was raining and \(p.he) could not go to the \(place.name).",
                         "\(f.name) saw \(p.him) and asked, \"Why are you sad?\"",
                         "\"I wanted to go to the \(place.name), but it is raining,\" said \(p.name)."]
                let (game, did) = pick([("play a game of cards", "played a game of cards"), ("build a tower with blocks", "built a tower with blocks"),
                                        ("draw some pictures", "drew some pictures")])
                s.append("\"Let's \(game) instead,\" said \(f.name).")
                s.append("So they \(did), and \(p.name) felt happy again.")
                return s
            case 1:
                var s = ["One night, there was a big storm.", "\(p.name) was scared, because the thunder was so loud."]
                s.append("\(cap(p.his)) dad held \(p.his) hand and said, \"It is only noise. It cannot hurt you.\"")
                if chance(0.5) { s.append("\(p.pet) came and sat close to \(p.him).") }
                s.append("Soon the storm was over, and \(p.name) was not scared any more.")
                return s
            default:
                let (what, detail) = pick([("learned to ride a bike", "\(cap(p.his)) dad ran behind \(p.him) and held the seat."),
                                           ("read a whole book", "It was a book about \(pick(topics))."),
                                           ("built a very tall tower", "It had \(numbers[number(6...12)]) blocks.")])
                var s = ["\(p.name) felt proud, because \(p.he) \(what).", detail]
                s.append("\"Look at me!\" said \(p.name).")
                s.append("\(f.name) clapped and said, \"Well done!\"")
                if chance(0.5) { s.append("That night, \(p.name) told \(p.pet) all about it.") }
                return s
            }
        }
    }
}
