import Foundation
import SuperviseSystem

/// Whether a service's main process has *settled*: every one of its threads is asleep in the
/// kernel waiting for something (state `S` in `/proc/<pid>/task/<tid>/stat`) and it has no
/// child process (`/proc/<pid>/task/<tid>/children` empty).
///
/// A `run` that fails at once (`exec false`, a missing program, a server whose port is taken)
/// runs or waits on the disk until it exits and is never seen settled; a server waiting for
/// clients (`accept`, `epoll_wait`, `pause`) is. A process with children (a shell that did
/// not `exec`, a command substitution in progress) does not count: a child may still fail.
/// Anything unreadable counts as not settled, so the caller falls back to its grace period.
enum ProcessSettling {
    /// Whether `pid` is settled now (one observation).
    static func isSettled(_ pid: Int32) -> Bool {
        guard pid > 0, let tasks = opendir("/proc/\(pid)/task") else { return false }
        defer { closedir(tasks) }
        var sawThread = false
        while let entry = readdir(tasks) {
            let tid = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { Int32(String(cString: $0)) }
            }
            guard let tid else { continue }  // "." and ".."
            sawThread = true
            guard threadState(pid: pid, tid: tid) == UInt8(ascii: "S"), !threadHasChildren(pid: pid, tid: tid) else {
                return false
            }
        }
        return sawThread
    }

    /// The state letter of a thread: the first character after `) ` in its `stat` line.
    private static func threadState(pid: Int32, tid: Int32) -> UInt8? {
        guard let text = readSmallFile("/proc/\(pid)/task/\(tid)/stat"),
              let close = text.lastIndex(of: UInt8(ascii: ")")), close + 2 < text.count else { return nil }
        return text[close + 2]
    }

    /// Whether a thread has children; unreadable counts as yes.
    private static func threadHasChildren(pid: Int32, tid: Int32) -> Bool {
        guard let text = readSmallFile("/proc/\(pid)/task/\(tid)/children") else { return true }
        return text.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The first 4 KiB of a `/proc` file, nil when it cannot be opened or read.
    private static func readSmallFile(_ path: String) -> [UInt8]? {
        try? FileSystem.readSmallFile(path, limit: 4096)
    }
}

/// Two observations of ``ProcessSettling`` at least ``interval`` apart, with nothing else in
/// between, make a settled process: a thread that blocks for an instant while starting up is
/// not mistaken for a server waiting for work.
struct SettleWatch {
    /// The minimum time between the two observations (seconds).
    static let interval = 0.001
    /// The pid and time of the first settled observation in the current streak.
    private var streak: (pid: Int32, since: Double)?

    /// Records an observation of `pid` at `now`; true once settled twice `interval` apart.
    mutating func observe(pid: Int32, now: Double) -> Bool {
        guard ProcessSettling.isSettled(pid) else {
            streak = nil
            return false
        }
        guard let streak, streak.pid == pid else {
            streak = (pid, now)
            return false
        }
        return now - streak.since >= Self.interval
    }

    /// Forgets the current streak (the service went down).
    mutating func reset() { streak = nil }
}
