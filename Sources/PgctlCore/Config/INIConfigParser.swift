import SuperviseStatus
/// Reads `.ini`/`.conf` configuration files the way Python's `configparser` does, keeping only
/// the `[pgctl]` section (plus `[DEFAULT]`, which every section inherits).
///
/// Option names are lower-cased; `key = value` and `key: value` both work; `#`/`;` start a
/// comment line; indented lines continue the previous value; duplicate sections or options
/// are errors. Values are strings taken literally (no `%` interpolation). A key ending in
/// `_list` loses the suffix and its value is split on whitespace — this works, unlike 5.2.1
/// on Python ≥ 3.8 (spec §10.1.3).
public enum INIConfigParser {
    /// The section pgctl reads.
    public static let section = "pgctl"

    /// The `[pgctl]` options of `text`; nil when the file has no `[pgctl]` section.
    public static func parse(_ text: String) throws(ConfigParseError) -> [String: ConfigValue]? {
        let sections = try readSections(text)
        guard let options = sections[section] else { return nil }
        var merged = sections["DEFAULT"] ?? [:]
        merged.merge(options) { $1 }
        var result: [String: ConfigValue] = [:]
        for (key, value) in merged {
            if key.hasSuffix("_list") {
                let words = value.split(whereSeparator: \.isWhitespace).map { ConfigValue.string(String($0)) }
                result[String(key.dropLast("_list".count))] = .list(words)
            } else {
                result[key] = .string(value)
            }
        }
        return result
    }

    /// Every section's options, as raw strings.
    static func readSections(_ text: String) throws(ConfigParseError) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var currentSection: String?
        var currentKey: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, rawLine) in lines.enumerated() {
            let number = offset + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.trimmingBlanks()
            if trimmed.isEmpty {
                currentKey = nil
                continue
            }
            if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if line.first?.isWhitespace == true, let section = currentSection, let key = currentKey {
                sections[section, default: [:]][key, default: ""] += "\n" + trimmed
                continue
            }
            if trimmed.hasPrefix("[") {
                guard trimmed.hasSuffix("]"), trimmed.count >= 2 else {
                    throw ConfigParseError(line: number, "a section header must look like '[name]'")
                }
                let name = String(trimmed.dropFirst().dropLast())
                if sections[name] != nil {
                    throw ConfigParseError(line: number, "section '\(name)' appears twice")
                }
                sections[name] = [:]
                currentSection = name
                currentKey = nil
                continue
            }
            guard let section = currentSection else {
                throw ConfigParseError(line: number, "'\(trimmed)' comes before any section header such as [pgctl]")
            }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ConfigParseError(line: number, "expected 'key = value', found '\(trimmed)'")
            }
            let key = trimmed[..<separator].trimmingBlanks().lowercased()
            let value = trimmed[trimmed.index(after: separator)...].trimmingBlanks()
            guard !key.isEmpty else { throw ConfigParseError(line: number, "an option has no name") }
            if sections[section]?[key] != nil {
                throw ConfigParseError(line: number, "option '\(key)' appears twice in section '\(section)'")
            }
            sections[section, default: [:]][key] = value
            currentKey = key
        }
        return sections
    }
}
