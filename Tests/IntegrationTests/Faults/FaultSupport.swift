import Foundation
import Testing
import TestSupport

/// Helpers shared by the fault-and-abuse suites (issue #7).
enum Fault {
    /// A copy of the `sleep` fixture with extra services written into its playground.
    static func project(_ fixture: String = "sleep", services: [String: (run: String, files: [String: String])] = [:]) throws -> PgctlProject {
        let project = try PgctlProject(fixture)
        for (name, service) in services {
            try addService(project, name, run: service.run, files: service.files)
        }
        return project
    }

    /// Writes `playground/<name>/run` (mode 0755) and `files` into a project.
    static func addService(_ project: PgctlProject, _ name: String, run: String, files: [String: String] = [:]) throws {
        let directory = project.service(name)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try run.write(toFile: directory + "/run", atomically: false, encoding: .utf8)
        chmod(directory + "/run", 0o755)
        for (file, contents) in files {
            try contents.write(toFile: directory + "/" + file, atomically: false, encoding: .utf8)
        }
    }

    /// Live processes whose argv[0] ends with `s6-supervise` and whose last argument is `directory`.
    static func supervisors(of directory: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return (arguments.first?.hasSuffix("s6-supervise") ?? false) && arguments.last == directory && processIsAlive(pid)
        }
    }

    /// Live processes of the project (found by their environment), zombies excluded.
    static func alive(_ project: PgctlProject) -> [Int32] {
        project.serviceProcesses().filter(processIsAlive)
    }

    /// The open descriptor numbers of a process.
    static func descriptors(of pid: Int32) -> [Int] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")) ?? []).compactMap { Int($0) }.sorted()
    }

    /// Whether `text` is a well-formed `pgctl status` output: each service a `●` line with a
    /// known state, optionally followed by one `└─` line.
    static func isWellFormedStatus(_ text: String) -> Bool {
        guard text.hasSuffix("\n"), !text.isEmpty else { return false }
        let head = try! NSRegularExpression(pattern: #"^ ● [^:]+: (down|up|ready)$"#)
        let detail = try! NSRegularExpression(pattern: #"^   └─ .+$"#)
        var sawHead = false
        for line in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let range = NSRange(line.startIndex..., in: line)
            if head.firstMatch(in: line, range: range) != nil { sawHead = true; continue }
            if sawHead, detail.firstMatch(in: line, range: range) != nil { continue }
            return false
        }
        return sawHead
    }

    /// Runs `body` on `count` threads at once and returns their results in order.
    static func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        nonisolated(unsafe) var results = [T?](repeating: nil, count: count)
        let lock = NSLock()
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread.detachNewThread {
                let value = body(index)
                lock.withLock { results[index] = value }
                group.leave()
            }
        }
        group.wait()
        return results.map { $0! }
    }
}

/// Every fault test runs inside this suite, one at a time: they start real supervisors and
/// some measure timings, which must not compete for the two cores.
@Suite("Fault and abuse (issue #7)", .serialized, .timeLimit(.minutes(10)))
struct FaultSuite {}
