import Foundation
import SuperviseStatus
import SuperviseSystem

/// A service directory in a fresh temp dir, with helpers to run a supervisor on it, listen to its
/// events and read its status. `cleanup()` (call it in a `defer`) stops every supervisor and
/// service it started, closes the listeners and removes the directory.
public final class ServiceSandbox {
    /// The temp dir holding the service directory (and anything else the test needs).
    public let temporary: TemporaryDirectory
    /// The service directory's absolute path.
    public let directory: String
    private var supervisors: [BackgroundSupervisor] = []
    private var listeners: [EventListener] = []
    private var extraPIDs: [Int32] = []

    /// Creates `<tmp>/<name>` with `run` = `#!/bin/sh` + `run`, and `files`.
    public init(run: String = "exec sleep 1000", files: [String: String] = [:], name: String = "svc") throws {
        temporary = try TemporaryDirectory(prefix: "supervisor-test")
        directory = temporary.child(name)
        try ServiceDirectoryBuilder.make(at: directory, run: run, files: files)
    }

    /// `directory` + "/" + `name`.
    public func path(_ name: String) -> String { directory + "/" + name }

    /// Starts a supervisor (ours by default) on the service directory.
    @discardableResult
    public func start(executable: String = Executables.ours("s6-supervise"), waitForStatus: Bool = true,
                      launcher: [String]? = nil, argument: String? = nil) throws -> BackgroundSupervisor {
        let supervisor = try BackgroundSupervisor(executable: executable, serviceDirectory: directory,
                                                  waitForStatus: waitForStatus,
                                                  launcher: launcher ?? ["/usr/bin/env", "--default-signal"],
                                                  argument: argument)
        supervisors.append(supervisor)
        return supervisor
    }

    /// Subscribes a new listener to `event/`.
    public func listen() throws -> EventListener {
        let listener = try EventListener(serviceDirectory: directory)
        listeners.append(listener)
        return listener
    }

    /// The current status record.
    public func status() throws -> StatusRecord { try StatusFileReader.read(directory) }

    /// Waits for a status satisfying `condition`.
    @discardableResult
    public func waitForStatus(_ what: String, timeout: Double = 10, _ condition: (StatusRecord) -> Bool) throws -> StatusRecord {
        try StatusFileReader.waitFor(directory, what, timeout: timeout, condition)
    }

    /// Waits until `run` is up (pid set, not finishing) and returns its pid.
    @discardableResult
    public func waitUntilUp(timeout: Double = 10) throws -> Int32 {
        Int32(try waitForStatus("up", timeout: timeout) { $0.isUp }.pid)
    }

    /// Waits until `run` is up and has exec'd `program` (a `run` script ending in `exec sleep`
    /// briefly holds its script open before the exec); returns its pid.
    @discardableResult
    public func waitUntilRunning(_ program: String = "sleep", timeout: Double = 10) throws -> Int32 {
        let pid = try waitUntilUp(timeout: timeout)
        try waitUntil("run (\(pid)) to exec \(program)", timeout: timeout) { (try? ProcInfo.arguments(pid).first) == program }
        if program == "sleep" { try ProcInfo.waitUntilAsleep(pid, timeout: timeout) }
        return pid
    }

    /// Writes command bytes to the control FIFO in one write.
    public func send(_ commands: String) throws { try ControlWriter.send(commands, to: directory) }

    /// Remembers a pid (and its process group) to kill at cleanup.
    public func track(_ pid: Int32) { extraPIDs.append(pid) }

    /// Reads a file of the service directory as text ("" if missing).
    public func read(_ name: String) -> String {
        (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
    }

    /// Writes a file of the service directory (mode 0755 with `executable`).
    public func write(_ name: String, _ contents: String, executable: Bool = false) throws {
        try ServiceDirectoryBuilder.write(path(name), contents, executable: executable)
    }

    /// Stops everything this sandbox started and removes the temp dir.
    public func cleanup() {
        for listener in listeners { listener.close() }
        for supervisor in supervisors { supervisor.stop() }
        for pid in extraPIDs where pid > 1 {
            let group = getpgid(pid)
            if group > 1 && group != getpgrp() { kill(-group, SIGKILL) }
            kill(pid, SIGKILL)
        }
        // Services leave orphans behind (a `sleep` started by a killed shell): anything whose
        // working directory is inside this sandbox was started by this test. Kill it.
        ProcInfo.killProcesses(workingIn: temporary.path)
        temporary.remove()
    }
}

/// Facts about a live process, from /proc.
public enum ProcInfo {
    /// The descriptor numbers open in `pid` (from /proc/<pid>/fd).
    public static func openDescriptors(_ pid: Int32) throws -> [Int32] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int32($0) }.sorted()
    }

    /// The descriptors of `pid` without close-on-exec (from the `flags:` line of
    /// /proc/<pid>/fdinfo/<fd>; O_CLOEXEC is octal 02000000): what an exec'd child inherits.
    public static func inheritableDescriptors(_ pid: Int32) throws -> [Int32] {
        try openDescriptors(pid).filter { fd in
            guard let info = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8),
                  let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
                  let flags = Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8)
            else { return false }
            return flags & 0o2000000 == 0
        }
    }

    /// Where descriptor `fd` of `pid` points (readlink of /proc/<pid>/fd/<fd>).
    public static func descriptorTarget(_ pid: Int32, _ fd: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(fd)")
    }

    /// The fields of /proc/<pid>/stat after the command name: state, ppid, pgrp, session, ...
    public static func stat(_ pid: Int32) throws -> (state: Character, ppid: Int32, pgrp: Int32, session: Int32) {
        let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        guard let close = text.lastIndex(of: ")") else { throw TestFailure("bad /proc/\(pid)/stat") }
        let fields = text[text.index(close, offsetBy: 2)...].split(separator: " ")
        return (fields[0].first!, Int32(fields[1])!, Int32(fields[2])!, Int32(fields[3])!)
    }

    /// The environment `pid` was exec'd with, as `NAME=value` entries. While the process is in
    /// the middle of an `execve` (its `comm` may already name the new program) the kernel shows
    /// an empty environment, so this waits, up to `timeout` seconds, for a non-empty one.
    public static func environment(_ pid: Int32, timeout: Double = 10) throws -> [String] {
        var entries: [String] = []
        try waitUntil("a readable environment of pid \(pid)", timeout: timeout) {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
                throw TestFailure("pid \(pid) is gone")
            }
            entries = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return !entries.isEmpty
        }
        return entries
    }

    /// The value of `name` in the environment `pid` was exec'd with (see `environment(_:)`).
    public static func environmentValue(_ name: String, of pid: Int32) throws -> String? {
        try environment(pid).first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
    }

    /// The command line of `pid` (NUL-separated arguments).
    public static func arguments(_ pid: Int32) throws -> [String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The working directory of `pid`.
    public static func workingDirectory(_ pid: Int32) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
    }

    /// A line of /proc/<pid>/status, e.g. `SigIgn`, without the key.
    public static func statusField(_ pid: Int32, _ key: String) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            return line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// SIGKILLs every process (other than this one) whose working directory is `directory` or
    /// inside it, until none is left (at most 2 s).
    public static func killProcesses(workingIn directory: String) {
        let me = getpid()
        for _ in 0..<100 {
            var found = false
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let pid = Int32(entry), pid != me, let cwd = workingDirectory(pid),
                      cwd == directory || cwd.hasPrefix(directory + "/") else { continue }
                kill(pid, SIGKILL)
                found = true
            }
            if !found { return }
            usleep(20_000)
        }
    }

    /// Whether `pid` is blocked in its sleep syscall (`nanosleep`/`clock_nanosleep`, or `pause`
    /// for `sleep infinity`): past the
    /// dynamic loader, which briefly opens libraries on low descriptors right after exec.
    public static func isAsleep(_ pid: Int32) -> Bool {
        if let wchan = try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8), wchan.contains("nanosleep") || wchan.contains("pause") {
            return true
        }
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8),
              let number = text.split(separator: " ").first.flatMap({ Int($0) }) else { return false }
        #if arch(x86_64)
        return number == 34 || number == 35 || number == 230
        #elseif arch(arm64)
        return number == 101 || number == 115
        #else
        return false
        #endif
    }

    /// Waits until `pid` (which exec'd `sleep`) is blocked in its sleep, so that its descriptor
    /// table is the settled one.
    public static func waitUntilAsleep(_ pid: Int32, timeout: Double = 10) throws {
        try waitUntil("process \(pid) to block in sleep", timeout: timeout) { isAsleep(pid) }
    }

    /// The children of `pid` (from /proc/<pid>/task/<pid>/children).
    public static func children(_ pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0) }
    }
}

/// Mode bits, kind, owner group and size of paths (through `FileSystem.metadata`).
public enum FileInfo {
    /// The full permission bits, setgid and sticky included (`st_mode & 07777`), following links.
    public static func fullMode(_ path: String) -> UInt32? {
        (try? FileSystem.metadata(of: path, followLinks: true))?.mode
    }

    /// Whether `path` is a FIFO (lstat).
    public static func isFIFO(_ path: String) -> Bool {
        (try? FileSystem.metadata(of: path))?.kind == .fifo
    }

    /// Whether `path` is a symbolic link (lstat).
    public static func isSymlink(_ path: String) -> Bool {
        (try? FileSystem.metadata(of: path))?.kind == .symlink
    }

    /// The group id of `path`.
    public static func group(_ path: String) -> UInt32? { (try? FileSystem.metadata(of: path, followLinks: true))?.group }

    /// The size of `path`, or nil.
    public static func size(_ path: String) -> Int? {
        (try? FileSystem.metadata(of: path, followLinks: true)).map { Int($0.size) }
    }
}
