import ArgumentParsing

/// The shells `pgctl completion` writes a script for.
public enum CompletionShell: String, CaseIterable, Sendable {
    case bash, zsh, fish

    /// Reads the operands of `pgctl completion` as argparse would read a `shell` positional
    /// with these choices: exactly one, one of the shells (`invalid choice: …` otherwise).
    public static func parse(_ operands: [String]) throws(ArgumentError) -> CompletionShell {
        // `--` first: the words were positionals already, whatever they look like.
        let parser = ArgumentParser(options: [], positionals: [
            PositionalSpec("shell", choices: allCases.map(\.rawValue)),
        ])
        guard case .parsed(let parsed) = try parser.parse(["--"] + operands) else {
            throw ArgumentError("the following arguments are required: shell")
        }
        try parsed.checkAllRecognized()
        guard let word = parsed.words(of: "shell").first, let shell = CompletionShell(rawValue: word) else {
            throw ArgumentError("the following arguments are required: shell")
        }
        return shell
    }

    /// The script for this shell, for pgctl's commands and options.
    public func script(_ catalog: CompletionCatalog) -> String {
        switch self {
        case .bash: return BashCompletionScript.render(catalog)
        case .zsh: return ZshCompletionScript.render(catalog)
        case .fish: return FishCompletionScript.render(catalog)
        }
    }
}
