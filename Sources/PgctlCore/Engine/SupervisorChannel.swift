import Foundation
import SuperviseStatus
import SuperviseSystem

/// pgctl's view of one service's supervisor through s6's on-disk protocol (spec s6 §2.3–§5):
/// liveness by probing the fcntl lock on `supervise/lock`, the 35-byte `supervise/status`,
/// command bytes into `supervise/control`, the death tally.
///
/// This is the one place pgctl touches those files, so switching to S6Compat's reader and
/// sender is a change to this file only.
struct SupervisorChannel {
    /// The service directory.
    let servicePath: String

    private var superviseDirectory: String { servicePath + "/supervise" }

    /// Whether a supervisor holds `supervise/lock` (s6-svok's test: a read-lock probe with
    /// `F_GETLK`; a missing lock file means no supervisor).
    var isRunning: Bool {
        guard let fd = try? FileDescriptor.open(superviseDirectory + "/lock", [.readOnly, .nonBlocking, .closeOnExec]) else {
            return false
        }
        defer { fd.close() }
        return (try? fd.isWriteLockedByAnotherProcess()) ?? false
    }

    /// The status record, nil when missing or truncated.
    func readStatus() -> StatusRecord? {
        guard let bytes = try? FileSystem.readSmallFile(superviseDirectory + "/status", limit: StatusRecord.size) else {
            return nil
        }
        return try? StatusRecord(decoding: bytes)
    }

    /// The supervisor's status when it is running; nil when no supervisor runs. The liveness
    /// check comes first, as in s6-svstat: a dead supervisor's status file is stale.
    func liveStatus() -> StatusRecord? {
        guard isRunning else { return nil }
        return readStatus()
    }

    /// Writes `commands` into `supervise/control` in one write, as `s6-svc` does. False when
    /// no supervisor is listening (no FIFO, or no reader).
    @discardableResult
    func send(_ commands: [ControlCommand]) -> Bool {
        guard let fd = try? FileDescriptor.open(superviseDirectory + "/control", [.writeOnly, .nonBlocking, .closeOnExec]) else {
            return false
        }
        defer { fd.close() }
        return (try? fd.writeAll(commands.map(\.rawValue))) != nil
    }

    /// The deaths of `run` recorded in `supervise/death_tally` at or after `moment`.
    func deaths(since moment: TAI64N) -> [DeathRecord] {
        guard let bytes = try? FileSystem.readFile(superviseDirectory + "/death_tally") else { return [] }
        return DeathRecord.decodeAll(bytes).filter { $0.stamp >= moment }
    }

    /// Now, as a TAI64N label (the clock the supervisor stamps its records with).
    static func now() -> TAI64N {
        let now = WallClock.now()
        return TAI64N(unixSeconds: now.seconds, nanoseconds: now.nanoseconds)
    }
}

/// A subscription to a service's `event/` fifodir (spec s6 §5): a listener FIFO named
/// `ftrig1:@<24 hex>:<6 chars>`, opened for reading (and writing, so it never reads EOF)
/// before it is renamed into place. Subscribe first, then read the status, then wait: no
/// event can be missed in between.
final class EventSubscription {
    /// The read end, non-blocking, to poll on.
    let fd: Int32
    private let keeper: Int32
    private let fifoPath: String

    /// Subscribes to `<servicePath>/event`, creating the fifodir as s6's listeners do (mode
    /// 03730, our group) when no supervisor made it yet.
    init(servicePath: String) throws(PgctlError) {
        let directory = servicePath + "/event"
        if mkdir(directory, 0o700) == 0 {
            _ = chown(directory, uid_t.max, getegid())
            _ = chmod(directory, 0o3730)
        } else if errno != EEXIST {
            throw PgctlError("cannot create \(directory): \(String(cString: strerror(errno)))")
        }
        let now = SupervisorChannel.now()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let suffix = String((0..<6).map { _ in alphabet.randomElement()! })
        let name = "ftrig1:\(now.label):\(suffix)"
        let temporary = directory + "/." + name
        fifoPath = directory + "/" + name
        guard mkfifo(temporary, 0o600) == 0 else {
            throw PgctlError("cannot subscribe to \(directory): mkfifo: \(String(cString: strerror(errno)))")
        }
        let reader = open(temporary, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        let writer = reader >= 0 ? open(temporary, O_WRONLY | O_NONBLOCK | O_CLOEXEC) : -1
        guard reader >= 0, writer >= 0, rename(temporary, fifoPath) == 0 else {
            let error = String(cString: strerror(errno))
            if reader >= 0 { Glibc.close(reader) }
            if writer >= 0 { Glibc.close(writer) }
            unlink(temporary)
            throw PgctlError("cannot subscribe to \(directory): \(error)")
        }
        fd = reader
        keeper = writer
    }

    /// The event bytes received since the last call (empty when none).
    func drain() -> [SupervisorEvent] {
        var events: [SupervisorEvent] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 {
                events += buffer[0..<n].compactMap(SupervisorEvent.init(rawValue:))
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return events
            }
        }
    }

    /// Unsubscribes (removes the FIFO).
    func close() {
        unlink(fifoPath)
        Glibc.close(fd)
        Glibc.close(keeper)
    }

    /// Waits until one of `subscriptions` has an event or `seconds` pass.
    static func wait(_ subscriptions: [EventSubscription], seconds: Double) {
        var entries = subscriptions.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        let milliseconds = Int32(max(0, min(seconds, 3600)) * 1000 + 0.999)
        _ = entries.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), milliseconds) }
    }
}
