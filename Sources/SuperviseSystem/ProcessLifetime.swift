import Glibc

extension ProcessControl {
    /// Waits for child `pid` to exit (`waitpid(pid, 0)`, retried on EINTR) and returns its
    /// wait status; throws the errno (ECHILD: not our child, or already reaped).
    public static func waitForExit(_ pid: Int32) throws(Errno) -> Int32 {
        var status: Int32 = 0
        _ = try valueOrErrno { waitpid(pid, &status, 0) }
        return status
    }

    /// Reaps child `pid` if it has exited, without waiting (`waitpid(pid, WNOHANG)`): its
    /// wait status, or nil while it runs. Throws the errno (ECHILD: not our child any more).
    public static func reapIfExited(_ pid: Int32) throws(Errno) -> Int32? {
        var status: Int32 = 0
        let result = try valueOrErrno { waitpid(pid, &status, WNOHANG) }
        return result == pid ? status : nil
    }

    /// Replaces this process with `path` (`execve(2)`), argv `arguments` (argv[0] included)
    /// and exactly `environment`. Returns only on failure, with the errno.
    public static func execute(_ path: String, arguments: [String], environment: [String: String]) -> Errno {
        let argv = CStringArray(arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" })
        defer {
            argv.free()
            envp.free()
        }
        execve(path, argv.pointers, envp.pointers)
        return Errno.current
    }

    /// Replaces this process with `path` (`execv(3)`), or with the program `path` names as
    /// found on `PATH` when `searchPath` is set (`execvp(3)`), keeping this process's
    /// environment as it is. argv is `arguments` (argv[0] included). Returns only on failure,
    /// with the errno.
    public static func replaceProcess(with path: String, arguments: [String], searchPath: Bool) -> Errno {
        let argv = CStringArray(arguments)
        defer { argv.free() }
        _ = searchPath ? execvp(path, argv.pointers) : execv(path, argv.pointers)
        return Errno.current
    }

    /// Ends the process with `code` (`exit(3)`: atexit handlers and stdio flushing run).
    public static func exit(_ code: Int32) -> Never { Glibc.exit(code) }

    /// The effective user id (`geteuid(2)`).
    public static var effectiveUserID: UInt32 { UInt32(geteuid()) }
}

/// A NULL-terminated array of C strings (`argv`, `envp`), allocated with `strdup`: call
/// ``free()`` when done.
struct CStringArray {
    /// The pointers, NULL-terminated.
    var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    func free() {
        for pointer in pointers { Glibc.free(pointer) }
    }
}
