/// What one option word (with its value, if any) amounts to: argparse's `consume_optional`.
struct OptionReading {
    /// The options the word gives, in order, with their values (nil for flags).
    var actions: [(option: OptionSpec, value: String?)] = []
    /// How many words after the option word were taken as its value (0 or 1).
    var wordsConsumed = 0

    /// Reads `option` as spelled, with `attached` text from the same word; `next` is the
    /// following word and how it was classified.
    static func read(_ option: OptionSpec, spelling: String, attached: String?,
                     next: (word: Word, kind: WordKind)?,
                     classifier: WordClassifier) throws(ArgumentError) -> OptionReading {
        var reading = OptionReading()
        var option = option
        var spelling = spelling
        var attached = attached
        while let text = attached {
            if option.valueCount == 1 {
                reading.actions.append((option, text))
                return reading
            }
            // A short flag with more letters after it: the next letter is another short option.
            let isShort = spelling.dropFirst().first != "-"
            guard isShort, let letter = text.first else {
                throw ArgumentError.argument(option.displayName, "ignored explicit argument \(PythonRepr.of(text))")
            }
            reading.actions.append((option, nil))
            let nextSpelling = "-" + String(letter)
            guard let nextOption = classifier.option(spelled: nextSpelling) else {
                throw ArgumentError.argument(option.displayName, "ignored explicit argument \(PythonRepr.of(text))")
            }
            option = nextOption
            spelling = nextSpelling
            let rest = String(text.dropFirst())
            attached = rest.isEmpty ? nil : rest
        }
        if option.valueCount == 1 {
            guard let next, next.kind == .argument else {
                throw ArgumentError.argument(option.displayName, "expected one argument")
            }
            reading.actions.append((option, next.word.text))
            reading.wordsConsumed = 1
        } else {
            reading.actions.append((option, nil))
        }
        return reading
    }
}
