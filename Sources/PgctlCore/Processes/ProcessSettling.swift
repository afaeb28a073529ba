import SuperviseSystem

/// One look at a service's whole process tree: `run` and every descendant, thread by thread.
struct ProcessTreeSnapshot: Equatable {
    /// One thread and how often it has been switched off the CPU so far.
    struct Thread: Equatable {
        var tid: Int32
        /// `voluntary_ctxt_switches + nonvoluntary_ctxt_switches`: unchanged between two looks
        /// means the thread did not run at all in between.
        var switches: UInt64
    }

    /// Every thread of the tree, in the order found (the same order for the same tree).
    var threads: [Thread]
    /// Whether every thread was asleep waiting for something (state `S`).
    var allAsleep: Bool
}

/// Whether a service's processes have *settled*: every thread of `run` and of all its
/// descendants is asleep in the kernel waiting for something (state `S` in
/// `/proc/<pid>/task/<tid>/status`), and — over two looks (``SettleWatch``) — none of them ran
/// in between (their context-switch counts did not move).
///
/// A `run` that fails at once (`exec false`, a missing program, a server whose port is taken)
/// or an interpreter importing its modules runs or waits on the disk until it exits, and is
/// never seen settled; a server waiting for clients (`accept`, `epoll_wait`, `pause`) is. A
/// shell that did not `exec` counts as settled only once its children are settled too, so a
/// program started through a shim (`pyenv`, a wrapper script) is judged itself. A zombie in
/// the tree (a child that died and was not yet reaped) is not asleep. Anything unreadable
/// counts as not settled.
enum ProcessSettling {
    /// More processes than this in one tree are not examined (it counts as not settled).
    static let treeLimit = 256

    /// Whether `pid`'s tree is asleep now (one look, without the "did not run" comparison).
    static func isSettled(_ pid: Int32) -> Bool {
        snapshot(root: pid)?.allAsleep == true
    }

    /// The threads of `root` and of all its descendants; nil when `root` does not exist or a
    /// part of the tree cannot be read.
    static func snapshot(root: Int32) -> ProcessTreeSnapshot? {
        guard root > 0 else { return nil }
        var snapshot = ProcessTreeSnapshot(threads: [], allAsleep: true)
        var queue: [Int32] = [root]
        var index = 0
        while index < queue.count {
            let pid = queue[index]
            index += 1
            guard queue.count <= treeLimit, let children = addThreads(of: pid, to: &snapshot) else { return nil }
            queue.append(contentsOf: children)
        }
        return snapshot
    }

    /// Adds the threads of `pid` to `snapshot`; returns the children of all its threads, nil
    /// when the process is gone or unreadable.
    private static func addThreads(of pid: Int32, to snapshot: inout ProcessTreeSnapshot) -> [Int32]? {
        var tids: [Int32] = []
        do {
            try FileSystem.forEachEntry(in: "/proc/\(pid)/task") { name in
                if let tid = Int32(String(decoding: name, as: UTF8.self)) { tids.append(tid) }  // not "." and ".."
            }
        } catch {
            return nil
        }
        guard !tids.isEmpty else { return nil }
        var children: [Int32] = []
        for tid in tids {
            guard let status = ThreadStatus.read(pid: pid, tid: tid),
                  let threadChildren = threadChildren(pid: pid, tid: tid) else { return nil }
            snapshot.threads.append(.init(tid: tid, switches: status.switches))
            if status.state != UInt8(ascii: "S") { snapshot.allAsleep = false }
            children.append(contentsOf: threadChildren)
        }
        return children
    }

    /// The children of one thread (`/proc/<pid>/task/<tid>/children`), nil when unreadable.
    private static func threadChildren(pid: Int32, tid: Int32) -> [Int32]? {
        guard let text = try? FileSystem.readSmallFile("/proc/\(pid)/task/\(tid)/children", limit: 65536) else { return nil }
        return text.split(separator: UInt8(ascii: " ")).compactMap { Int32(String(decoding: $0, as: UTF8.self)) }
    }
}

/// The fields of `/proc/<pid>/task/<tid>/status` that settling needs.
struct ThreadStatus: Equatable {
    /// The state letter (`R`, `S`, `D`, `Z`, …).
    var state: UInt8
    /// Voluntary plus involuntary context switches so far.
    var switches: UInt64

    /// Reads one thread's status; nil when unreadable or malformed.
    static func read(pid: Int32, tid: Int32) -> ThreadStatus? {
        guard let text = try? FileSystem.readSmallFile("/proc/\(pid)/task/\(tid)/status", limit: 8192) else { return nil }
        return parse(text)
    }

    /// Parses the text of a `status` file.
    static func parse(_ text: [UInt8]) -> ThreadStatus? {
        guard let state = value(of: "State:", in: text)?.first,
              let voluntary = value(of: "voluntary_ctxt_switches:", in: text).flatMap(number),
              let involuntary = value(of: "nonvoluntary_ctxt_switches:", in: text).flatMap(number) else { return nil }
        return ThreadStatus(state: state, switches: voluntary &+ involuntary)
    }

    /// The value of the line starting with `key`, blanks after the key skipped.
    private static func value(of key: String, in text: [UInt8]) -> ArraySlice<UInt8>? {
        let key = Array(key.utf8)
        var lineStart = 0
        while lineStart < text.count {
            let lineEnd = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.count
            if lineEnd - lineStart >= key.count, text[lineStart..<lineStart + key.count].elementsEqual(key) {
                var start = lineStart + key.count
                while start < lineEnd, text[start] == UInt8(ascii: "\t") || text[start] == UInt8(ascii: " ") { start += 1 }
                return text[start..<lineEnd]
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
        UInt64(String(decoding: digits, as: UTF8.self))
    }
}

/// Two looks at a service's process tree at least ``interval`` apart that find every thread
/// asleep and none of them having run in between make a settled service: a thread that
/// blocks for an instant while starting up (a disk read, a lock) is not mistaken for a server
/// waiting for work.
struct SettleWatch {
    /// The minimum time between the two looks (seconds).
    static let interval = 0.001
    /// The root pid, the time and the snapshot of the first look of the current streak.
    private var streak: (pid: Int32, since: Double, snapshot: ProcessTreeSnapshot)?

    /// Records a look at `pid`'s tree at `now`; true once it is settled.
    mutating func observe(pid: Int32, now: Double) -> Bool {
        guard let snapshot = ProcessSettling.snapshot(root: pid), snapshot.allAsleep else {
            streak = nil
            return false
        }
        guard let streak, streak.pid == pid, streak.snapshot == snapshot else {
            streak = (pid, now, snapshot)
            return false
        }
        return now - streak.since >= Self.interval
    }

    /// Forgets the current streak (the service went down).
    mutating func reset() { streak = nil }
}
