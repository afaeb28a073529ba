import Glibc
import SuperviseSystem

/// The hidden command line of the monitor process that `pgctl-poll-ready` leaves beside the
/// service: `pgctl-poll-ready --pgctl-monitor <listener fd> <listener path> <notification fd>`.
/// The monitor is a fresh process (posix_spawn), never a fork running Swift code.
public struct MonitorCommandLine {
    /// The flag that selects monitor mode.
    public static let flag = "--pgctl-monitor"

    /// The inherited event-listener descriptor.
    public var listenerFD: Int32
    /// The listener FIFO's path, removed when the monitor ends.
    public var listenerPath: String
    /// The inherited readiness descriptor (the supervisor's pipe).
    public var notificationFD: Int32

    /// Parses the monitor command line; nil if malformed.
    public init?(arguments: [String]) {
        guard arguments.count == 5, arguments[1] == Self.flag,
              let listener = Int32(arguments[2]), let notify = Int32(arguments[4]) else { return nil }
        listenerFD = listener
        listenerPath = arguments[3]
        notificationFD = notify
    }

    /// The argv that starts a monitor for `listener` and `notificationFD`.
    public static func arguments(listener: DownEventListener, notificationFD: Int32) -> [String] {
        ["pgctl-poll-ready", flag, String(listener.descriptor.rawValue), listener.path, String(notificationFD)]
    }

    /// The path of a program installed next to this executable.
    public static func siblingExecutable(_ name: String) -> String {
        guard let own = ChildProcess.currentExecutable(), let slash = own.lastIndex(of: "/") else { return name }
        return String(own[..<slash]) + "/" + name
    }

    /// Monitors until the service stops or must be restarted; messages go to `output`.
    public func run(settings: PollSettings, output: ServiceLogOutput) -> PollMonitor.Outcome {
        let listener = DownEventListener(inheritedDescriptor: FileDescriptor(rawValue: listenerFD), path: listenerPath)
        try? listener.descriptor.setCloseOnExec(true)
        _ = try? FileDescriptor(rawValue: notificationFD).setCloseOnExec(true)
        var notification: Int32? = notificationFD
        var lastMessage = ""
        let monitor = PollMonitor(
            settings: settings,
            isReady: {
                guard let pid = try? ChildProcess.spawn("./ready", arguments: ["ready"]),
                      let status = try? ChildProcess.wait(for: pid) else { return false }
                return status == 0
            },
            waitForDown: { listener.waitForDown(seconds: $0) },
            downPending: { listener.downEventPending() },
            notifyReady: {
                guard let fd = notification else { return }
                // The success line first reaches the log, then the supervisor hears of readiness.
                _ = output.waitUntilRead(limit: 0.5)
                let line: [UInt8] = Array("ready\n".utf8)
                _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
                notification = nil
            },
            say: { message in
                output.say(message)
                lastMessage = message
            },
            now: { Double(MonotonicInstant.now.nanoseconds) / 1e9 })
        let outcome = monitor.run()
        if outcome == .serviceStopping {
            // The supervisor may be exiting right now: make sure the goodbye reaches the log.
            output.confirmDelivery(of: lastMessage)
        }
        listener.close()
        if let fd = notification { close(fd) }
        return outcome
    }
}

extension FileSystem {
    /// The current working directory (`getcwd`), "." if it cannot be read.
    public static func currentDirectoryPath() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The last path component of the current working directory.
    public static func currentDirectoryName() -> String {
        currentDirectoryPath().split(separator: "/").last.map(String.init) ?? "/"
    }
}
