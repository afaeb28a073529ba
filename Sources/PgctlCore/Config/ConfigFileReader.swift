import SuperviseSystem

/// Reads one configuration file from disk into a layer, turning every problem into a
/// `[pgctl] ERROR: <path>: <what is wrong>` error.
public enum ConfigFileReader {
    /// The file's top-level values; nil when it contributes nothing. `displayPath` is how
    /// messages name it (as the user gave it, for `--config`).
    public static func read(_ path: String, displayPath: String? = nil) throws(PgctlError) -> [String: ConfigValue]? {
        let shown = displayPath ?? path
        guard let format = ConfigFileFormat(fileName: PathNormalizer.basename(of: path)) else {
            throw PgctlError("\(shown): unsupported configuration format (use .yaml, .yml, .json, .ini or .conf)")
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readFile(path)
        } catch {
            throw PgctlError("\(shown): \(error)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw PgctlError("\(shown): not valid UTF-8 text")
        }
        do {
            return try format.parse(text)
        } catch {
            throw PgctlError("\(shown): \(error.message)")
        }
    }
}
