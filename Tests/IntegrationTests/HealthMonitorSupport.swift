import Foundation
import Testing
import TestSupport

/// Helpers of the health-monitor tests (issue 16, points 3–5): services run through
/// `pgctl-poll-ready`, and the monitor process it leaves behind.
enum HealthMonitor {
    /// A server like postgres's smart shutdown: healthy (`./healthy` exists) until SIGTERM,
    /// after which it stops being healthy but keeps running.
    static let smartServer = """
        #!/bin/sh
        trap 'rm -f healthy' TERM
        touch healthy
        while :; do sleep 0.05; done

        """

    /// A ready check passing while `./healthy` exists, counting its runs in `./checks`.
    static let healthyCheck = "#!/bin/sh\necho >> checks\n[ -e healthy ]\n"

    /// Adds `name` (run through `pgctl-poll-ready`) to `project` with quick timings:
    /// `timeout-ready` 1 s, polls every 0.05 s before and 0.1 s after readiness, `timeout-stop` 1 s.
    static func addService(_ project: PgctlProject, _ name: String, command: String,
                           ready: String = healthyCheck, extraFiles: [String: String] = [:]) throws {
        var files = ["ready": ready, "timeout-ready": "1\n", "poll-ready": "0.05\n", "poll-down": "0.1\n", "timeout-stop": "1\n"]
        files.merge(extraFiles) { $1 }
        try Fault.addService(project, name, run: "#!/bin/sh\nexec pgctl-poll-ready \(command)\n", files: files)
        for file in ["ready", "server"] where files[file] != nil {
            chmod(project.service(name) + "/" + file, 0o755)
        }
    }

    /// How many ready checks ran so far (lines of `./checks`).
    static func checks(_ project: PgctlProject, _ name: String) -> Int {
        (project.read("playground/\(name)/checks") ?? "").split(separator: "\n", omittingEmptySubsequences: false).count - 1
    }

    /// The live monitor processes (`pgctl-poll-ready --pgctl-monitor …`) of the service at `path`.
    static func monitors(of path: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let arguments = try? ProcInfo.arguments(pid), arguments.count > 1, arguments[1] == "--pgctl-monitor",
                  let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { return false }
            let marker = Data(("PGCTL_SERVICE=" + path).utf8)
            return environment.split(separator: 0).contains { Data($0) == marker } && processIsAlive(pid)
        }
    }

    /// The one monitor of the service at `path`, waited for.
    static func monitor(of path: String) throws -> Int32 {
        var found: [Int32] = []
        try waitUntil("the monitor of \(path)") {
            found = monitors(of: path)
            return found.count == 1
        }
        return found[0]
    }

    /// The children of `pid` (/proc/<pid>/task/<pid>/children).
    static func children(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// The `health_checks` field of `pgctl --json status <name>` (nil when absent).
    static func jsonHealthChecks(_ project: PgctlProject, _ name: String) throws -> (state: String?, healthChecks: String?) {
        let run = try project.pgctl(["--json", "status", name])
        guard let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]],
              let entry = object[name]
        else { throw TestFailure("unexpected status output: \(run)") }
        return (entry["state"] as? String, entry["health_checks"] as? String)
    }

    /// Takes an exclusive `flock` on `path` (a pgctl command's lock); the descriptor holding it.
    static func holdLock(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0, flock(fd, LOCK_EX | LOCK_NB) == 0 else { throw TestFailure("cannot lock \(path): errno \(errno)") }
        return fd
    }
}
