import Foundation
import SuperviseStatus

/// Reads `supervise/status` through our codec.
public enum StatusFileReader {
    /// Decodes `<serviceDirectory>/supervise/status`.
    public static func read(_ serviceDirectory: String) throws -> StatusRecord {
        let data = try Data(contentsOf: URL(fileURLWithPath: serviceDirectory + "/supervise/status"))
        return try StatusRecord(decoding: [UInt8](data))
    }

    /// Waits until the status satisfies `condition`, returning that status.
    @discardableResult
    public static func waitFor(_ serviceDirectory: String, _ what: String, timeout: Double = 10,
                               _ condition: (StatusRecord) -> Bool) throws -> StatusRecord {
        var last: StatusRecord?
        try waitUntil("status of \(serviceDirectory): \(what) (last: \(String(describing: last)))", timeout: timeout) {
            last = try? read(serviceDirectory)
            return last.map(condition) ?? false
        }
        return last!
    }
}

/// Writes command bytes to a supervisor's control FIFO, the way `s6-svc` does.
public enum ControlWriter {
    /// Opens `supervise/control` non-blocking for writing and writes `commands` in one write.
    public static func send(_ commands: String, to serviceDirectory: String) throws {
        let fd = open(serviceDirectory + "/supervise/control", O_WRONLY | O_NONBLOCK)
        guard fd >= 0 else { throw TestFailure("cannot open control FIFO of \(serviceDirectory): errno \(errno)") }
        defer { close(fd) }
        let bytes = Array(commands.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw TestFailure("short write to control FIFO") }
    }
}
