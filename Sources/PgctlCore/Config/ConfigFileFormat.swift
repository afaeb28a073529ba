/// The configuration file formats pgctl reads, chosen by file extension (spec §3.1).
public enum ConfigFileFormat: String, CaseIterable, Sendable {
    /// `.yaml`, `.yml`.
    case yaml
    /// `.json`.
    case json
    /// `.ini`, `.conf`.
    case ini

    /// The format for a file name's extension (after the last dot), nil if not recognised.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        switch fileName[fileName.index(after: dot)...] {
        case "yaml", "yml": self = .yaml
        case "json": self = .json
        case "ini", "conf": self = .ini
        default: return nil
        }
    }

    /// Parses file contents; nil when the file contributes nothing (an empty YAML document,
    /// an INI file without a `[pgctl]` section).
    public func parse(_ text: String) throws(ConfigParseError) -> [String: ConfigValue]? {
        switch self {
        case .yaml: return try YAMLConfigParser.parse(text)
        case .json: return try JSONConfigParser.parse(text)
        case .ini: return try INIConfigParser.parse(text)
        }
    }
}
