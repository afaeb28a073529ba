import Foundation
import Testing
import TestSupport

extension RealServerSuite {
    /// The everyday cycle with the real servers: start returns when each answers, stop leaves
    /// nothing.
    @Suite("RealServerCycle: start, answer, stop")
    struct RealServerCycle {
        @Test("start returns with postgres, redis and nginx answering; stop leaves no process")
        func cycle() throws {
            guard let project = try RealServers.project() else { return }
            defer { project.cleanUp() }
            let began = Date()
            let start = try project.pgctl(["start"])
            let took = Date().timeIntervalSince(began)
            #expect(start.exitCode == 0, "\(start)")
            #expect(try RealServers.psql(project, "select 1").stdout == "1\n")
            #expect(try Command.run("/usr/bin/redis-cli", ["-h", "127.0.0.1", "-p", "63799", "ping"]).stdout == "PONG\n")
            let page = try Command.run("/usr/bin/python3", ["-c", "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:18089/', timeout=5).status)"])
            #expect(page.stdout == "200\n", "\(page)")
            let stopBegan = Date()
            let stop = try project.pgctl(["stop"])
            let stopTook = Date().timeIntervalSince(stopBegan)
            #expect(stop.exitCode == 0, "\(stop)")
            #expect(!stop.stderr.contains("WARNING"), "\(stop)")
            #expect(project.serviceProcesses().filter(processIsAlive).isEmpty)
            print("[real-server figures] start of 3 (initdb included) \(Int(took * 1000)) ms, stop \(Int(stopTook * 1000)) ms")
        }
    }
}
