import SuperviseSystem

/// Why the monitor could not be started.
public enum MonitorLaunchError: Error, Equatable, CustomStringConvertible {
    /// Spawning the intermediate process failed.
    case spawn(Errno)
    /// Waiting for it failed.
    case wait(Errno)
    /// It ended with this raw wait status instead of exiting 0 (it said why on stderr).
    case intermediateFailed(status: Int32)

    public var description: String {
        switch self {
        case .spawn(let errno): "\(errno)"
        case .wait(let errno): "waiting for the launcher: \(errno)"
        case .intermediateFailed(let status): "the launcher failed (wait status \(status))"
        }
    }
}

/// Starts the monitor outside the service's process tree (issue 16, point 4).
///
/// `pgctl-poll-ready` spawns an intermediate copy of itself (`--pgctl-monitor-launch …`), which
/// spawns the monitor and exits at once; `pgctl-poll-ready` reaps it and only then execs the
/// service. The monitor is an orphan from the start, adopted by init (or the nearest child
/// subreaper), so the service never has a child it did not make: postgres treats the death of
/// any child as a crashed backend (all sessions dropped, crash recovery), and a server that
/// waits for its children would wait for the monitor. The monitor still inherits everything
/// pgctl relies on: the environment (`PGCTL_SERVICE`, `PGCTL_SERVICE_PROCESS`, so `pgctl stop`
/// finds it should it outlive the service), the service lock, the session and process group.
public enum MonitorLauncher {
    /// The flag that selects the intermediate's mode.
    public static let flag = "--pgctl-monitor-launch"

    /// In `pgctl-poll-ready`: starts the monitor whose command line is `monitorArguments`
    /// (``MonitorCommandLine/arguments(listener:notificationFD:service:)``) through the
    /// intermediate process, and reaps that process.
    public static func start(monitorArguments: [String]) throws(MonitorLaunchError) {
        let executable = MonitorCommandLine.siblingExecutable("pgctl-poll-ready")
        let pid: Int32
        do {
            pid = try ServiceChildSpawn.spawn(executable, arguments: intermediateArguments(monitorArguments),
                                              keeping: inheritedDescriptors(monitorArguments))
        } catch {
            throw .spawn(error)
        }
        let status: Int32
        do {
            status = try ProcessControl.waitForExit(pid)
        } catch {
            // SIGCHLD ignored (inherited from `run`): the kernel reaped it, its status is lost.
            if error == .noChild { return }
            throw .wait(error)
        }
        guard status == 0 else { throw .intermediateFailed(status: status) }
    }

    /// The intermediate's command line for a monitor command line: the flag in place of
    /// ``MonitorCommandLine/flag``.
    static func intermediateArguments(_ monitorArguments: [String]) -> [String] {
        [monitorArguments[0], flag] + monitorArguments.dropFirst(2)
    }

    /// The descriptors a monitor command line names (the listener, the notification descriptor,
    /// the pidfd), which the intermediate and the monitor inherit under their numbers, beside
    /// the service lock (``ServiceChildSpawn``).
    static func inheritedDescriptors(_ monitorArguments: [String]) -> [FileDescriptor] {
        guard let monitor = MonitorCommandLine(arguments: monitorArguments) else { return [] }
        return [FileDescriptor(rawValue: monitor.listenerFD), FileDescriptor(rawValue: monitor.notificationFD)]
            + [monitor.service?.descriptor].compactMap { $0 }
    }

    /// In the intermediate process (`arguments` is its whole command line): spawns the monitor
    /// and returns at once; the exit code. Errors are reported on stderr (the service's log).
    public static func spawnMonitor(arguments: [String]) -> Int32 {
        guard arguments.count >= 2, arguments[1] == flag else { return 100 }
        let monitorArguments = [arguments[0], MonitorCommandLine.flag] + arguments.dropFirst(2)
        guard MonitorCommandLine(arguments: monitorArguments) != nil else {
            writeToStandardError("pgctl-poll-ready: error: bad monitor arguments\n")
            return 100
        }
        do {
            _ = try ServiceChildSpawn.spawn(MonitorCommandLine.siblingExecutable("pgctl-poll-ready"), arguments: monitorArguments,
                                            keeping: inheritedDescriptors(monitorArguments))
            return 0
        } catch {
            writeToStandardError("pgctl-poll-ready: error: unable to start the readiness monitor: \(error)\n")
            return 111
        }
    }
}
