/// Hands positional words to the declared positionals, in order, as argparse matches them:
/// each takes as many words as it may while leaving the later ones their minimum.
struct PositionalAssignment {
    private let positionals: [PositionalSpec]

    init(_ positionals: [PositionalSpec]) { self.positionals = positionals }

    /// Fills `result.positionals`; words left over join `result.unrecognized`. Throws
    /// `invalid choice` for a word outside its positional's choices, then
    /// `the following arguments are required` for required positionals left without words.
    func assign(_ words: [Word], to result: inout ParsedArguments) throws(ArgumentError) {
        var start = 0
        var missing: [String] = []
        for (position, positional) in positionals.enumerated() {
            let reserved = positionals[(position + 1)...].reduce(0) { $0 + $1.minimum }
            let available = max(0, words.count - start - reserved)
            let taken = min(available, positional.maximum ?? available)
            guard taken >= positional.minimum else {
                missing.append(positional.name)
                continue
            }
            let slice = Array(words[start..<(start + taken)])
            start += taken
            if let choices = positional.choices {
                for word in slice where !choices.contains(word.text) {
                    throw ArgumentError.invalidChoice(positional.name, word.text, choices: choices)
                }
            }
            if !slice.isEmpty { result.positionals[positional.name] = slice }
        }
        if !missing.isEmpty {
            throw ArgumentError("the following arguments are required: " + missing.joined(separator: ", "))
        }
        result.unrecognized += words[start...]
        result.unrecognized.sort { $0.index < $1.index }
    }
}
