import Foundation
import Testing
import TestSupport

/// Every test with the real servers of `Fixtures/playgrounds/servers` (postgres 15, redis 7,
/// nginx) runs inside this suite, one at a time: they use fixed ports.
@Suite("Real servers (issue #16)", .serialized, .timeLimit(.minutes(10)))
struct RealServerSuite {}

/// Helpers for the real-server tests.
enum RealServers {
    /// The newest PostgreSQL `bin` directory, nil when PostgreSQL is not installed.
    static var postgresBin: String? {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last else { return nil }
        let bin = "\(base)/\(newest)/bin"
        return FileManager.default.isExecutableFile(atPath: bin + "/postgres") ? bin : nil
    }

    /// Why the servers cannot run here, or nil when they can (all three installed; postgres
    /// needs a `postgres` user when run as root).
    static var missing: String? {
        var absent: [String] = []
        if postgresBin == nil || !FileManager.default.isExecutableFile(atPath: "/usr/bin/pg_isready") { absent.append("postgresql") }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server") { absent.append("redis-server") }
        if !FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") { absent.append("nginx") }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { absent.append("python3") }
        return absent.isEmpty ? nil : "not installed: \(absent.joined(separator: ", ")) (apt-get install -y postgresql redis-server nginx)"
    }

    /// A copy of the servers fixture whose directories the servers' users can enter (the
    /// temporary directory is made 0755), or nil (printing why) when the servers are absent.
    static func project() throws -> PgctlProject? {
        if let missing {
            print("skipped: \(missing)")
            return nil
        }
        let project = try PgctlProject("servers")
        chmod(project.temp.path, 0o755)
        return project
    }

    /// `psql -At -c <sql>` against the fixture's postgres; the result.
    static func psql(_ project: PgctlProject, _ sql: String, timeout: Double = 20) throws -> CommandResult {
        try Command.run("/usr/bin/psql", ["-h", project.root + "/data/postgres", "-p", "54329", "-U", "postgres", "-At", "-c", sql],
                        timeout: timeout)
    }

    /// `psql -c <sql>`, retried for up to `timeout` seconds until it succeeds (after a start
    /// under a loaded, fully parallel test run postgres has answered a moment late); the last
    /// result.
    static func psqlAnswer(_ project: PgctlProject, _ sql: String, timeout: Double = 10) throws -> CommandResult {
        var result = try psql(project, sql)
        _ = try? waitUntil("postgres to answer \(sql)", timeout: timeout) {
            result = try psql(project, sql)
            return result.exitCode == 0
        }
        return result
    }

    /// Whether postgres accepts connections (`pg_isready`).
    static func postgresIsReady(_ project: PgctlProject) -> Bool {
        (try? Command.run("/usr/bin/pg_isready", ["-q", "-h", project.root + "/data/postgres", "-p", "54329"]).exitCode) == 0
    }

    /// The postmaster's pid from `data/postgres/postmaster.pid`, nil when absent.
    static func postmasterPid(_ project: PgctlProject) -> Int32? {
        guard let text = try? String(contentsOfFile: project.root + "/data/postgres/postmaster.pid", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// The text of postgres's log (the service's `logs/current`), "" when absent.
    static func postgresLog(_ project: PgctlProject) -> String {
        (try? String(contentsOfFile: project.service("postgres") + "/logs/current", encoding: .utf8)) ?? ""
    }
}
