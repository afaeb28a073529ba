import Glibc
import SuperviseSystem

/// Starting helper processes with `posix_spawn` (no Swift code runs in a forked child) and
/// replacing the current process with `execv`/`execvp`.
public enum ChildProcess {
    /// Spawns `path` with `arguments` (argv including argv[0]) and this process's environment,
    /// in this process's session and group, inheriting every descriptor not marked
    /// close-on-exec. Returns the pid.
    public static func spawn(_ path: String, arguments: [String]) throws(Errno) -> pid_t {
        var pid: pid_t = 0
        let argv = CStringArray(arguments)
        let result = argv.withPointers { posix_spawn(&pid, path, nil, nil, $0, environ) }
        guard result == 0 else { throw Errno(rawValue: result) }
        return pid
    }

    /// Spawns `path` with `arguments`, exactly `environment` (`KEY=value` entries), `standardInput`
    /// as its standard input, this process's standard output and error, and no other
    /// descriptor: every inheritable descriptor from 3 up is marked close-on-exec around the
    /// spawn (and made inheritable again afterwards). Returns the pid.
    public static func spawnIsolated(_ path: String, arguments: [String], environment: [String],
                                     standardInput: FileDescriptor) throws(Errno) -> pid_t {
        let inheritable = (try? FileSystem.directoryEntries("/proc/self/fd"))?
            .compactMap { Int32($0) }
            .filter { $0 > 2 && fcntl($0, F_GETFD) == 0 } ?? []
        for fd in inheritable { try? FileDescriptor(rawValue: fd).setCloseOnExec(true) }
        defer { for fd in inheritable { try? FileDescriptor(rawValue: fd).setCloseOnExec(false) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, standardInput.rawValue, 0)
        var pid: pid_t = 0
        let argv = CStringArray(arguments)
        let envp = CStringArray(environment)
        let result = argv.withPointers { argvPointer in
            envp.withPointers { posix_spawn(&pid, path, &actions, nil, argvPointer, $0) }
        }
        guard result == 0 else { throw Errno(rawValue: result) }
        return pid
    }

    /// This process's environment as `KEY=value` entries.
    public static func environment() -> [String] {
        var entries: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            entries.append(String(cString: pointer))
            entry += 1
        }
        return entries
    }

    /// Waits for `pid` to end (`waitpid`, retried on EINTR) and returns its raw wait status.
    public static func wait(for pid: pid_t) throws(Errno) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            let error = Errno.current
            if error != .interrupted { throw error }
        }
        return status
    }

    /// Replaces this process with `path` (`execv`), or with the first `arguments[0]` found on
    /// `PATH` when `searchPath` is set (`execvp`). Returns only on failure, with the errno.
    public static func replaceProcess(with path: String, arguments: [String], searchPath: Bool) -> Errno {
        let argv = CStringArray(arguments)
        _ = argv.withPointers { searchPath ? execvp(path, $0) : execv(path, $0) }
        return Errno.current
    }

    /// The absolute path of the running executable (`/proc/self/exe`).
    public static func currentExecutable() -> String? {
        try? FileSystem.readLink("/proc/self/exe")
    }
}

/// A NULL-terminated array of C strings for argv, freed on deinit.
final class CStringArray {
    private var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    deinit { for pointer in pointers { free(pointer) } }

    func withPointers<R>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
