import SuperviseSystem

/// What `/proc/<pid>/stat` says of a process: its state letter, its parent, and when it
/// started (clock ticks after boot, which tell a process from a later one with the same pid).
struct ProcessFacts: Equatable {
    /// The state letter: `R`, `S`, `D`, `T`, `Z` (zombie), ….
    var state: UInt8
    /// The parent's pid.
    var parent: Int32
    /// Field 22, `starttime`: clock ticks from boot to the process's creation.
    var startTicks: UInt64

    /// Dead but not yet reaped by its parent: still holding its pid (so a `kill(pid, 0)`, as
    /// postgres does with `postmaster.pid`, still finds it).
    var isZombie: Bool { state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") }

    /// Stopped by a signal or a tracer (it cannot act on anything until continued).
    var isStopped: Bool { state == UInt8(ascii: "T") || state == UInt8(ascii: "t") }

    /// The facts of `pid`, nil when there is no such process (or its entry is unreadable).
    static func read(_ pid: Int32) -> ProcessFacts? {
        guard pid > 0, let bytes = try? FileSystem.readSmallFile("/proc/\(pid)/stat", limit: 1024) else { return nil }
        return parse(bytes)
    }

    /// Parses a `stat` line: `pid (comm) S ppid …`. The command name may contain spaces and
    /// parentheses, so the fields are counted from the last `)`.
    static func parse(_ bytes: [UInt8]) -> ProcessFacts? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        // After the name: state (3), ppid (4), … starttime (22), i.e. indices 0, 1 and 19.
        guard fields.count > 19, let state = fields[0].first,
              let parent = Int32(String(decoding: fields[1], as: UTF8.self)),
              let start = UInt64(String(decoding: fields[19], as: UTF8.self)) else { return nil }
        return ProcessFacts(state: state, parent: parent, startTicks: start)
    }

    /// The kernel's name of `pid`'s program (`/proc/<pid>/comm`, at most 15 bytes), nil when gone.
    static func commandName(_ pid: Int32) -> String? {
        guard let bytes = try? FileSystem.readSmallFile("/proc/\(pid)/comm", limit: 64) else { return nil }
        return String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }

    /// When the process started, in seconds of the Unix epoch as the wall clock reads now
    /// (boot time taken as now minus `CLOCK_BOOTTIME`, so a wall clock stepped since the start
    /// shifts the answer by the step).
    var startUnixSeconds: Double {
        let sinceBoot = BootClock.now()
        let wall = WallClock.now()
        let bootedAt = Double(wall.seconds) + Double(wall.nanoseconds) / 1e9 - sinceBoot
        return bootedAt + Double(startTicks) / Double(Self.ticksPerSecond)
    }

    /// `sysconf(_SC_CLK_TCK)` (100 on Linux).
    static var ticksPerSecond: Int { BootClock.ticksPerSecond }
}

/// Processes pgctl signalled, remembered by pid and start time, to wait until each is really
/// gone: a zombie still holds its pid (and a server's pid file naming it still looks alive),
/// so it counts as present until its parent reaps it (issue 16 point 2). A pid taken since
/// by another process (another start time) counts as gone.
struct ProcessWatch {
    /// How long pgctl waits, beyond its time limits, for dead processes to be reaped before it
    /// gives up with a warning naming them (init reaps orphans 1-2 s late in some containers).
    static let reapWindow = 5.0

    private var started: [Int32: UInt64] = [:]

    /// Remembers `pids` (those already gone are ignored).
    mutating func add(_ pids: [Int32]) {
        for pid in pids where started[pid] == nil {
            if let facts = ProcessFacts.read(pid) { started[pid] = facts.startTicks }
        }
    }

    /// Whether nothing is watched.
    var isEmpty: Bool { started.isEmpty }

    /// The watched processes still present (zombies included), sorted; forgets the others.
    mutating func present() -> [Int32] {
        for (pid, ticks) in started where ProcessFacts.read(pid)?.startTicks != ticks {
            started[pid] = nil
        }
        return started.keys.sorted()
    }

    /// Why `pid` is still present, for a message: `pid 7956 (a zombie: its parent 1 has not
    /// reaped it yet)` or `pid 7956 (state D)`.
    static func describe(_ pid: Int32) -> String {
        guard let facts = ProcessFacts.read(pid) else { return "pid \(pid)" }
        if facts.isZombie { return "pid \(pid) (a zombie: its parent, pid \(facts.parent), has not reaped it yet)" }
        return "pid \(pid) (state \(String(UnicodeScalar(facts.state))))"
    }
}
