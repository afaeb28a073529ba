import SuperviseSystem

/// The service's main process as its monitor watches it (issue 16): the pid `pgctl-poll-ready`
/// had when it exec'd the service (the pid the supervisor watches), and a pidfd on it,
/// readable once that process has exited.
///
/// This is how the monitor learns that the service went down when the supervisor's `d` event
/// cannot reach it: `git clean -fdx` deletes the `event/` fifodir and with it the monitor's
/// listener FIFO, and the monitor, which is no longer the service's child, would otherwise
/// outlive the service and be reported by `pgctl stop` as a runaway. Without pidfds (Linux
/// before 5.3) the pid is looked at instead (`kill(pid, 0)` and its `/proc` state).
public struct ServiceProcessWatch {
    /// The service's pid.
    public let pid: Int32
    /// A pidfd on it, nil when the kernel has none.
    public let descriptor: FileDescriptor?

    /// Watches `pid` through `descriptor` (or by pid when nil).
    public init(pid: Int32, descriptor: FileDescriptor?) {
        self.pid = pid
        self.descriptor = descriptor
    }

    /// True once the process has exited (a zombie has exited).
    public func hasEnded() -> Bool {
        if let descriptor {
            guard let readiness = try? Poller.waitReadable([descriptor], timeoutMilliseconds: 0) else { return false }
            return readiness.first?.readable ?? false
        }
        if let error = ProcessControl.send(0, to: pid) { return error == .noProcess }
        guard let stat = try? FileSystem.readSmallFile("/proc/\(pid)/stat", limit: 512),
              let close = stat.lastIndex(of: UInt8(ascii: ")")), close + 2 < stat.count
        else { return false }
        return stat[close + 2] == UInt8(ascii: "Z")
    }

    /// What ``MonitorCommandLine`` passes on: `<pid> <pidfd or ->`.
    var arguments: [String] {
        [String(pid), descriptor.map { String($0.rawValue) } ?? "-"]
    }

    /// Parses ``arguments``; nil if malformed.
    init?(arguments pid: String, _ descriptor: String) {
        guard let pid = Int32(pid), pid > 0 else { return nil }
        if descriptor == "-" {
            self.init(pid: pid, descriptor: nil)
        } else {
            guard let fd = Int32(descriptor), fd > 2 else { return nil }
            self.init(pid: pid, descriptor: FileDescriptor(rawValue: fd))
        }
    }
}
