import Foundation
import Testing
import TestSupport

/// The README's demo playground keeps its promise: when `pgctl start` returns, the services are
/// ready — its web server answers at once (issue #10, defect 12).
@Suite("The README demo playground", .serialized, .timeLimit(.minutes(2)))
struct DemoPlaygroundTests {
    static let python = "/usr/bin/python3"

    @Test("the web server answers right after `pgctl start` returns, every time")
    func webAnswersAfterStart() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            print("skipped: \(Self.python) is not installed (the demo's web server runs on it)")
            return
        }
        let project = try PgctlProject("demo")
        defer { project.cleanUp() }
        for attempt in 1...3 {
            let start = try project.pgctl(["start"])
            #expect(start.exitCode == 0, "\(start)")
            #expect(start.stderr.contains("[pgctl] Started: web\n"), "\(start)")
            let fetch = try Command.run(Self.python, ["-c", "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8123/', timeout=5).status)"])
            #expect(fetch.exitCode == 0 && fetch.stdout == "200\n", "attempt \(attempt): \(fetch)")
            let stop = try project.pgctl(["stop"])
            #expect(stop.exitCode == 0, "\(stop)")
        }
    }
}
