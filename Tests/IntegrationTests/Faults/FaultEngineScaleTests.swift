import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// Issue #10: pgctl's change loop at scale and under low limits — descriptors, time
    /// limits, and the verbose trace.
    @Suite("FaultEngineScale: descriptor limits, time limits at scale, trace rate")
    struct FaultEngineScale {
        static let prlimit = "/usr/bin/prlimit"

        /// A project with `count` trivial services `s1`…`sN` (plus the fixture's `sleep`).
        static func manyServices(_ count: Int) throws -> PgctlProject {
            let project = try Fault.project()
            for index in 1...count {
                try Fault.addService(project, "s\(index)", run: "#!/bin/sh\nexec sleep infinity\n")
            }
            return project
        }

        @Test("defect 7: too few descriptors even at the hard limit → refused before anything starts, the limit named")
        func descriptorLimitRefusesUpFront() throws {
            guard FileManager.default.isExecutableFile(atPath: Self.prlimit) else {
                print("skipped: \(Self.prlimit) is not installed (util-linux)")
                return
            }
            let project = try Self.manyServices(40)
            defer { project.cleanUp() }
            let run = try project.pgctl(["start"], wrapper: [Self.prlimit, "--nofile=64:64", "--"])
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr.contains("cannot start 41 services: that needs about 155 open files, but the limit is 64 (hard limit 64)"),
                    "\(run)")
            #expect(!run.stderr.contains("Starting:"), "\(run)")
            #expect(Fault.alive(project).isEmpty, "nothing may be left running")
        }

        @Test("defect 7: a low soft limit is raised (up to the hard limit) and every service starts and stops")
        func softLimitIsRaised() throws {
            guard FileManager.default.isExecutableFile(atPath: Self.prlimit) else {
                print("skipped: \(Self.prlimit) is not installed (util-linux)")
                return
            }
            let project = try Self.manyServices(60)
            defer { project.cleanUp() }
            let start = try project.pgctl(["start"], wrapper: [Self.prlimit, "--nofile=64:4096", "--"])
            #expect(start.exitCode == 0, "\(start)")
            #expect(start.stderr.components(separatedBy: "[pgctl] Started: ").count - 1 == 61, "\(start)")
            let stop = try project.pgctl(["stop"], wrapper: [Self.prlimit, "--nofile=64:4096", "--"])
            #expect(stop.exitCode == 0, "\(stop)")
            try waitUntil("every service process to be gone", timeout: 20) { Fault.alive(project).isEmpty }
            print("[fault figures] 61 services started and stopped with a soft descriptor limit of 64 (hard 4096)")
        }

        @Test("defect 11: at most one `loop: check_time` trace per poll interval, however often the settle re-checks run")
        func traceOncePerPollRound() throws {
            // The shell does not exec at once: its child keeps it unsettled for ~0.2 s, which
            // the loop re-checks every millisecond.
            let project = try Fault.project(services: ["late": (run: "#!/bin/sh\nsleep 0.2\nexec sleep infinity\n", files: [:])])
            defer { project.cleanUp() }
            let began = Date()
            let start = try project.pgctl(["start", "late"], environment: ["PGCTL_VERBOSE": "1"])
            let took = Date().timeIntervalSince(began)
            #expect(start.exitCode == 0, "\(start)")
            let traces = start.stderr.components(separatedBy: "loop: check_time").count - 1
            #expect(traces >= 1)
            // One per 0.01 s poll interval at most, plus the first round.
            #expect(Double(traces) <= took / 0.01 + 1, "\(traces) trace lines in \(took) s")
            #expect(try project.pgctl(["stop", "late"]).exitCode == 0)
        }
    }
}
