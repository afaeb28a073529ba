import SuperviseStatus

/// A service file holding a number of seconds as text — `timeout-ready`, `timeout-stop`,
/// `poll-ready`, `poll-down` — parsed by ``SecondsText`` (the one parser and limits of every
/// duration pgctl and pgctl-poll-ready read, config values included). Blanks and newlines
/// around the number are ignored.
public enum SecondsFile {
    /// A file longer than this holds no sensible number of seconds.
    public static let byteLimit = 4096

    /// The seconds in the file at `path`; nil when it does not exist; an error naming the
    /// file when it cannot be read or its text is not a number of seconds within the limits.
    public static func read(at path: String) throws(ServiceDefinitionError) -> Double? {
        guard let bytes = try ServiceFileBytes.contents(of: path, limit: byteLimit) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            return try SecondsText.parse(text)
        } catch {
            throw ServiceDefinitionError(path: path, problem: .badSeconds(SecondsText.trimmed(text), error))
        }
    }
}
