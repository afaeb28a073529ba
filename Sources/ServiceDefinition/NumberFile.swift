import SuperviseSystem

/// A service file holding one unsigned decimal number, read as s6-supervise 2.11 reads
/// `notification-fd`, `timeout-kill`, `timeout-finish` and `max-death-tally`: non-blocking, one
/// read of at most 11 bytes, cut at the first newline, the rest all digits (no blank, sign or
/// `\r`). The supervisor, pgctl and pgctl-poll-ready all read these files through it, so they
/// never disagree about one.
public enum NumberFile {
    /// s6 reads at most this many bytes.
    public static let byteLimit = 11

    /// Parses the first line of `bytes` as an unsigned decimal; nil if it is not one.
    public static func parseUnsigned(_ bytes: [UInt8]) -> UInt64? {
        let line = firstLine(bytes)
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

    /// The number in the file at `path`; nil when it does not exist; an error naming the file
    /// when it cannot be read or does not hold a number.
    public static func read(at path: String) throws(ServiceDefinitionError) -> UInt64? {
        guard let bytes = try ServiceFileBytes.firstBytes(of: path, limit: byteLimit) else { return nil }
        guard let value = parseUnsigned(bytes) else {
            throw ServiceDefinitionError(path: path, problem: .notANumber(String(decoding: firstLine(bytes), as: UTF8.self)))
        }
        return value
    }

    /// s6-supervise's reading: a bad file is reported through `warn` (``ServiceDefinitionError/s6Warning``)
    /// and counts as not set.
    public static func read(at path: String, warn: (String) -> Void) -> UInt64? {
        do {
            return try read(at: path)
        } catch {
            warn(error.s6Warning)
            return nil
        }
    }

    private static func firstLine(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.prefix { $0 != UInt8(ascii: "\n") }
    }
}

extension ServiceDefinitionError {
    /// s6-supervise's warning for a bad configuration file: `unable to open <name>: <errno
    /// text>` when it could not be read, `invalid <name>` otherwise.
    public var s6Warning: String {
        if case .unreadable(let errno) = problem { return "unable to open \(fileName): \(errno)" }
        return "invalid \(fileName)"
    }
}
