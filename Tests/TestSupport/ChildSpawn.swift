import Foundation

/// Starting test helper processes with `posix_spawn`, reaped by pid (never through
/// Foundation's `Process`, whose SIGCHLD-driven reaping can miss an exit and hang a test).
/// Children get an empty signal mask and default dispositions for every signal.
public enum ChildSpawn {
    /// Spawns `argv` (argv[0] is the executable's path) with `environment` (`KEY=value`
    /// entries); `arrange` adds the file actions that set up its descriptors.
    public static func spawn(_ argv: [String], environment: [String],
                             arrange: (inout posix_spawn_file_actions_t) -> Void) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        arrange(&actions)
        // Nothing the test process happened to inherit without close-on-exec (a CI harness's
        // descriptor at 3, say) reaches the child: a supervisor treats such a descriptor as
        // one to pass on, and refuses a `notification-fd` that names it.
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        guard result == 0 else { throw TestFailure("cannot run \(argv[0]): errno \(result)") }
        return pid
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc ≥ 2.34), looked up at run time.
    private static let closeFromAction: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// This test process's environment as `KEY=value` entries, with `overrides` applied.
    public static func environment(_ overrides: [String: String] = [:]) -> [String] {
        ProcessInfo.processInfo.environment.merging(overrides) { $1 }.map { "\($0.key)=\($0.value)" }
    }

    /// Waits for `pid` (retrying on EINTR) and returns its raw wait status.
    @discardableResult
    public static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}
