import SuperviseSystem

/// A service file holding one unsigned decimal number, read as s6-supervise 2.11 reads
/// `notification-fd`, `timeout-kill`, `timeout-finish` and `max-death-tally`: non-blocking, at
/// most 11 bytes, cut at the first newline, the rest all digits. The supervisor and pgctl both
/// read these files through it, so they never disagree about one.
public enum NumberFile {
    /// What one read found.
    public enum Value: Equatable, Sendable {
        /// The file does not exist.
        case notSet
        case value(UInt64)
        /// The file exists but is not a number (or cannot be read).
        case invalid
    }

    /// Parses the first line of `bytes` as an unsigned decimal; nil if it is not one.
    public static func parseUnsigned(_ bytes: [UInt8]) -> UInt64? {
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        guard !line.isEmpty, line.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var value: UInt64 = 0
        for digit in line {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit - 0x30))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }

    /// Reads the file at `path` (its name in messages: `name`); an unreadable or malformed file
    /// is reported through `warn` (`unable to open <name>: …`, `invalid <name>`).
    public static func read(at path: String, name: String, warn: (String) -> Void) -> Value {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(path, limit: 11)
        } catch {
            if error == .noSuchFile { return .notSet }
            warn("unable to open \(name): \(error)")
            return .invalid
        }
        guard let value = parseUnsigned(bytes) else {
            warn("invalid \(name)")
            return .invalid
        }
        return .value(value)
    }
}
