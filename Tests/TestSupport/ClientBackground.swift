import Foundation

/// A command running to completion on a background thread (through ``Command/run``), for tools
/// that wait, such as `s6-svwait`, while the test acts. Always call ``wait(timeout:)``:
/// the command is killed by ``Command/run`` after its own timeout at the latest.
public final class ClientBackgroundCommand: @unchecked Sendable {
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)
    private var outcome: Result<CommandResult, any Error>?

    /// Starts `path arguments…`; it is killed after `timeout` seconds.
    public init(_ path: String, _ arguments: [String], timeout: Double = 30) {
        Thread.detachNewThread { [self] in
            let result = Result { try Command.run(path, arguments, timeout: timeout) }
            lock.withLock { outcome = result }
            finished.signal()
        }
    }

    /// Waits for the command to end and returns how it ended.
    public func wait(timeout: Double = 60) throws -> CommandResult {
        guard finished.wait(timeout: .now() + timeout) == .success else {
            throw TestFailure("background command still running after \(timeout) s")
        }
        finished.signal()
        return try lock.withLock { outcome! }.get()
    }
}

/// Counting the listeners subscribed to a service's `event/` fifodir.
public enum ClientListeners {
    /// The number of `ftrig1:` FIFOs in `<serviceDirectory>/event` (temporary dot-names excluded).
    public static func count(in serviceDirectory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: serviceDirectory + "/event")) ?? []
        return names.filter { $0.hasPrefix("ftrig1:") }.count
    }

    /// Waits until at least `count` listeners are subscribed.
    public static func waitFor(_ count: Int, in serviceDirectory: String, timeout: Double = 10) throws {
        try waitUntil("\(count) listener(s) in \(serviceDirectory)/event", timeout: timeout) {
            Self.count(in: serviceDirectory) >= count
        }
    }
}

/// Finding the processes a test started through ``ClientBackgroundCommand``.
public enum ClientProcesses {
    /// The pids of live processes whose argv[0] is `executable` and whose last argument is
    /// `lastArgument` (e.g. a unique temp directory).
    public static func find(executable: String, lastArgument: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.first == executable && arguments.last == lastArgument && processIsAlive(pid)
        }
    }
}
