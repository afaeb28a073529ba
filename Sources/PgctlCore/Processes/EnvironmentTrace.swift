/// Finding processes by their initial environment (`/proc/<pid>/environ`), the way pgctl
/// traces the processes of a service (spec §2.9, §9.65).
public enum EnvironmentTrace {
    /// The pids (ascending) of processes other than this one whose initial environment holds
    /// every `key=value` pair of `required`. Environment entries without `=` or that are not
    /// UTF-8 are ignored; unreadable processes (kernel threads, other users') are skipped.
    /// An empty `required` matches every readable process.
    public static func processes(matching required: [String: String]) -> [Int32] {
        var found: [Int32] = []
        ProcessScanner.forEachProcess { pid in
            guard let environ = ProcessScanner.readEnviron(pid: pid) else { return }
            if EnvironmentTracing.matches(environ, required) { found.append(pid) }
        }
        return found.sorted()
    }
}
