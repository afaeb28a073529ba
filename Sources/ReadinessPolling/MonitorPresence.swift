import S6Compat
import SuperviseSystem

/// How `pgctl status` tells that a service's health monitor is gone, without scanning `/proc`
/// (issue 16, point 4).
///
/// The monitor opens `supervise/health-monitor.lock` (created mode 0600, never through a
/// link), holds a shared `flock` on it for its whole life, and writes its service's pid into
/// it. The kernel drops the lock when the monitor dies, however it dies. `status` tries an
/// exclusive lock without waiting (and drops it at once): if it gets it while the file names
/// the service's current pid, the monitor of this run of the service is gone. A file naming
/// another pid belongs to an earlier run (or a service that reports readiness itself and never
/// had a monitor): it says nothing.
public enum MonitorPresence {
    /// The file's name in the `supervise/` directory.
    public static let fileName = "health-monitor.lock"

    /// How long the monitor retries its lock while a `status` probe holds it for an instant.
    static let lockPatience = 1.0

    /// Takes the presence lock in `superviseDirectory` for the service `pid`; the descriptor
    /// to keep open (close-on-exec), or nil when the file cannot be used (then `status` never
    /// reports the monitor gone).
    public static func hold(superviseDirectory: String, pid: Int32) -> FileDescriptor? {
        let path = superviseDirectory + "/" + fileName
        guard let file = try? SafeFile.open(path, [.readWrite, .create, .nonBlocking], mode: 0o600, kind: .regular) else {
            return nil
        }
        let deadline = MonotonicInstant.now.adding(milliseconds: Int64(lockPatience * 1000))
        while true {
            do {
                try file.flock(exclusive: false, wait: false)
                break
            } catch {
                guard error == .wouldBlock || error == .interrupted, MonotonicInstant.now < deadline else {
                    file.close()
                    return nil
                }
                Sleeping.sleep(seconds: 0.001)
            }
        }
        let text = Array("\(pid)\n".utf8)
        guard (try? file.truncate(to: 0)) != nil, (try? file.write(text, at: 0)) == text.count else {
            file.close()
            return nil
        }
        return file
    }

    /// Whether the monitor of the service running as `pid` is known to be gone: the file in
    /// `superviseDirectory` names `pid` and nobody holds its lock. One open, one read and one
    /// `flock` attempt; false whenever anything is missing or unreadable.
    public static func isGone(superviseDirectory: String, pid: Int) -> Bool {
        let path = superviseDirectory + "/" + fileName
        guard let file = try? SafeFile.open(path, [.readOnly, .nonBlocking], kind: .regular) else { return false }
        return isGone(file, pid: pid)
    }

    /// ``isGone(superviseDirectory:pid:)`` through an already open `supervise/`.
    public static func isGone(_ supervise: OpenSuperviseDirectory, pid: Int) -> Bool {
        let path = ServicePaths(supervise.directory).supervise + "/" + fileName
        guard let file = try? SafeFile.open(fileName, in: supervise.descriptor, shownAs: path,
                                            [.readOnly, .nonBlocking], kind: .regular) else { return false }
        return isGone(file, pid: pid)
    }

    /// Whether the open presence file names `pid` and nobody holds its lock; closes `file`.
    private static func isGone(_ file: FileDescriptor, pid: Int) -> Bool {
        defer { file.close() }
        guard let bytes = try? file.read(upTo: 32),
              let named = Int(String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)),
              named == pid
        else { return false }
        do {
            try file.flock(exclusive: true, wait: false)
            return true // released when the file is closed
        } catch {
            return false
        }
    }
}
