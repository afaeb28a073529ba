import SuperviseSystem

/// The hidden command line of the monitor process that `pgctl-poll-ready` leaves beside the
/// service: `pgctl-poll-ready --pgctl-monitor <listener fd> <listener path> <notification fd>
/// [<service pid> <service pidfd or ->]`. The monitor is a fresh process (posix_spawn, through
/// ``MonitorLauncher``), never a fork running Swift code.
public struct MonitorCommandLine {
    /// The flag that selects monitor mode.
    public static let flag = "--pgctl-monitor"

    /// The inherited event-listener descriptor.
    public var listenerFD: Int32
    /// The listener FIFO's path, removed when the monitor ends.
    public var listenerPath: String
    /// The inherited readiness descriptor (the supervisor's pipe).
    public var notificationFD: Int32
    /// The service's main process (nil on the old five-word command line).
    public var service: ServiceProcessWatch?

    /// Parses the monitor command line; nil if malformed.
    public init?(arguments: [String]) {
        guard arguments.count == 5 || arguments.count == 7, arguments[1] == Self.flag,
              let listener = Int32(arguments[2]), let notify = Int32(arguments[4]) else { return nil }
        listenerFD = listener
        listenerPath = arguments[3]
        notificationFD = notify
        if arguments.count == 7 {
            guard let service = ServiceProcessWatch(arguments: arguments[5], arguments[6]) else { return nil }
            self.service = service
        }
    }

    /// The argv that starts a monitor for `listener`, `notificationFD` and `service`.
    public static func arguments(listener: DownEventListener, notificationFD: Int32, service: ServiceProcessWatch) -> [String] {
        ["pgctl-poll-ready", flag, String(listener.descriptor.rawValue), listener.path, String(notificationFD)]
            + service.arguments
    }

    /// The path of a program installed next to this executable.
    public static func siblingExecutable(_ name: String) -> String {
        guard let own = try? FileSystem.readLink("/proc/self/exe"), let slash = own.lastIndex(of: "/") else { return name }
        return String(own[..<slash]) + "/" + name
    }

    /// How the monitor ended, and for a restart the command lock to hand to `pgctl restart`.
    public struct Ending {
        /// How monitoring ended.
        public var outcome: PollMonitor.Outcome
        /// The command lock held for the restart (close-on-exec set; clear it to hand it on).
        public var commandLock: FileDescriptor?
    }

    /// Monitors until the service stops or must be restarted; messages go to `output`.
    /// `scratch` is `$PGCTL_SCRATCH` (where `supervise/` lives when the link is gone).
    public func run(settings: PollSettings, output: ServiceLogOutput, scratch: String?) -> Ending {
        let listener = DownEventListener(inheritedDescriptor: FileDescriptor(rawValue: listenerFD), path: listenerPath)
        try? listener.descriptor.setCloseOnExec(true)
        try? service?.descriptor?.setCloseOnExec(true)
        let down = ServiceDownWatch(listener: listener, process: service)
        _ = try? FileDescriptor(rawValue: notificationFD).setCloseOnExec(true)
        let presence = service.flatMap { MonitorPresence.hold(superviseDirectory: Self.superviseDirectory(scratch: scratch), pid: $0.pid) }
        let gate = RestartGate(serviceDirectory: ".", scratch: scratch)
        var notification: Int32? = notificationFD
        var lastMessage = ""
        let monitor = PollMonitor(
            settings: settings,
            isReady: {
                guard let pid = try? ServiceChildSpawn.spawn("./ready", arguments: ["ready"], keeping: []),
                      let status = try? ProcessControl.waitForExit(pid) else { return false }
                return status == 0
            },
            waitForDown: { down.waitForDown(seconds: $0) },
            downPending: { down.downPending() },
            notifyReady: {
                guard let fd = notification else { return }
                // The success line first reaches the log, then the supervisor hears of readiness.
                _ = output.waitUntilRead(limit: 0.5)
                let line: [UInt8] = Array("ready\n".utf8)
                _ = line.withUnsafeBytes { bytes in try? FileDescriptor(rawValue: fd).write(bytes) }
                FileDescriptor(rawValue: fd).close()
                notification = nil
            },
            say: { message in
                output.say(message)
                lastMessage = message
            },
            now: { Double(MonotonicInstant.now.nanoseconds) / 1e9 },
            restartHold: { gate.hold(deciding: $0) })
        let outcome = monitor.run()
        if outcome == .serviceStopping {
            // The supervisor may be exiting right now: make sure the goodbye reaches the log.
            output.confirmDelivery(of: lastMessage)
            gate.releaseCommandLock()
        }
        down.close()
        presence?.close()
        if let fd = notification { FileDescriptor(rawValue: fd).close() }
        return Ending(outcome: outcome, commandLock: gate.commandLock)
    }

    /// The `supervise/` directory holding the presence lock: through the service's link while
    /// it exists, else in the scratch directory.
    static func superviseDirectory(scratch: String?) -> String {
        if let scratch, !scratch.isEmpty, (try? FileSystem.kind(of: "supervise", followLinks: true)) != .directory {
            return scratch + "/supervise"
        }
        return "supervise"
    }
}

extension FileSystem {
    /// The current working directory (`getcwd`), "." if it cannot be read.
    public static func currentDirectoryPath() -> String {
        currentDirectory() ?? "."
    }

    /// The last path component of the current working directory.
    public static func currentDirectoryName() -> String {
        currentDirectoryPath().split(separator: "/").last.map(String.init) ?? "/"
    }
}
