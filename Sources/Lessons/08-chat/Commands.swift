import Foundation
import LLMLab

// The chat's colon commands. Not part of the chapter.

enum CommandResult { case handled, exit }

/// Runs one `:command` line of the conversation.
func command(_ input: String, session: ChatSession) -> CommandResult {
    let parts = input.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
    switch parts.first ?? "" {
    case "exit", "quit":
        return .exit
    case "clear":
        session.clear()
        Narrative.say("  (conversation cleared)")
    case "help":
        Narrative.say("  :set key=value   \(DecodingOptions.fields.map(\.name).joined(separator: ", "))")
        Narrative.say("  :clear           forget the conversation    :exit   leave")
        Narrative.say("  now: \(session.options.summary)")
    case "set":
        let kv = (parts.count > 1 ? parts[1] : "").split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        var o = session.options
        do {
            guard kv.count == 2 else { throw LabError(":set needs key=value, e.g. :set temperature=0.5") }
            try o.set(kv[0], text: kv[1], source: ":set")
            try o.validate()
            session.options = o
            Narrative.say("  (\(session.options.summary))")
        } catch { Narrative.say("  \(error)") }
    default:
        Narrative.say("  unknown command \(input) (:help lists them)")
    }
    return .handled
}
