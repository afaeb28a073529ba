/// Reads the option descriptions out of an argparse-style `--help` text, so the completion
/// scripts describe each option with the words `--help` uses (one source for both).
public enum OptionHelpText {
    /// Every spelling listed in the `options:` section mapped to its description, wrapped
    /// lines joined: `  --pgdir PGDIR         the playground …` gives `--pgdir`.
    public static func descriptions(in help: String) -> [String: String] {
        var result: [String: String] = [:]
        var inOptions = false
        var current: [String] = []
        var text = ""
        func finish() {
            for name in current where !text.isEmpty { result[name] = text }
            current = []
            text = ""
        }
        for rawLine in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if !line.hasPrefix(" ") {
                finish()
                inOptions = line.hasSuffix(":") && (line.hasPrefix("options") || line.hasPrefix("optional arguments"))
                continue
            }
            guard inOptions else { continue }
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("-") {
                finish()
                let (invocation, description) = splitAtGap(String(trimmed))
                current = invocation.split(separator: ",").compactMap {
                    $0.split(separator: " ").first.map(String.init)
                }.filter { $0.hasPrefix("-") }
                text = description
            } else if !current.isEmpty {
                text += (text.isEmpty ? "" : " ") + trimmed
            }
        }
        finish()
        return result
    }

    /// Splits `--pgdir PGDIR   the text` at the first run of two or more spaces.
    private static func splitAtGap(_ line: String) -> (String, String) {
        let characters = Array(line)
        var index = 0
        while index + 1 < characters.count {
            if characters[index] == " " && characters[index + 1] == " " {
                let rest = characters[index...].drop { $0 == " " }
                return (String(characters[..<index]), String(rest))
            }
            index += 1
        }
        return (line, "")
    }
}
