/// The words typed before the one being completed (without the program name), read
/// leniently with argparse's rules as ``CompletionCatalog`` knows them: which command was
/// given, the operands after it, and the values of `--pgdir`, `--pghome` and `--config`
/// (exact, abbreviated, `=`-attached). A half-typed line is never an error.
public struct TypedWords: Sendable, Equatable {
    /// The command word, when one was typed.
    public var command: String?
    /// The words after the command that are not options.
    public var operands: [String] = []
    /// Option values by option key (the last one given wins).
    public var values: [String: String] = [:]

    /// Reads `words` against `catalog`.
    public init(_ words: [String], catalog: CompletionCatalog) {
        var index = 0
        var optionsEnded = false
        while index < words.count {
            let word = words[index]
            index += 1
            if !optionsEnded && word == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded && word.hasPrefix("-") && word != "-" {
                if let option = catalog.optionTakingNextWord(word) {
                    if index < words.count { values[option.key] = words[index] }
                    index += 1
                } else if let (option, value) = catalog.optionWithAttachedValue(word) {
                    values[option.key] = value
                }
                continue
            }
            if command == nil, catalog.command(named: word) != nil {
                command = word
            } else if command != nil {
                operands.append(word)
            }
        }
    }
}
