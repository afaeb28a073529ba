import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// Issue #10, defect 4: a `run` that does not `exec` (or a shim in front of the program)
    /// whose interpreter dies after its imports is never reported `Started`.
    @Suite("FaultStartVerdict: interpreters that die after their imports, through shells and shims")
    struct FaultStartVerdict {
        static let python = "/usr/bin/python3"

        /// A shim in the style of pyenv's: a shell script that runs the program without `exec`.
        static let shim = "#!/bin/sh\n\"$@\"\nexit $?\n"

        static let cases: [(name: String, run: String, code: Int)] = [
            ("shim-bogus-option", "#!/bin/sh\nexec ./shim \(python) --bogus-option\n", 2),
            ("no-exec-no-module", "#!/bin/sh\n\(python) -m no_such_module\n", 1),
            ("no-exec-imports-then-exit", "#!/bin/sh\n\(python) -c 'import json, http.server; raise SystemExit(3)'\n", 3),
        ]

        @Test("start fails with the exit code, never `Started`", arguments: 0..<3)
        func interpreterDies(index: Int) throws {
            guard FileManager.default.isExecutableFile(atPath: Self.python) else {
                print("skipped: \(Self.python) is not installed")
                return
            }
            let (name, run, code) = Self.cases[index]
            let project = try Fault.project(services: [name: (run: run, files: ["shim": Self.shim, "timeout-ready": "10\n"])])
            defer { project.cleanUp() }
            chmod(project.service(name) + "/shim", 0o755)
            let start = try project.pgctl(["start", name])
            #expect(start.exitCode == 1, "\(start)")
            #expect(!start.stderr.contains("Started: \(name)"), "\(start)")
            #expect(start.stderr.contains("failed to start after"), "\(start)")
            #expect(start.stderr.contains("it keeps exiting (exit code \(code))"), "\(start)")
            try waitUntil("nothing of the service to run", timeout: 20) { Fault.alive(project).isEmpty }
        }

        @Test("a shell that does not exec, with a server child waiting for work, starts well before the busy fallback")
        func shellWithIdleChildStartsFast() throws {
            let project = try Fault.project(services: ["wrapper": (run: "#!/bin/sh\nsleep infinity &\nwait\n", files: [:])])
            defer { project.cleanUp() }
            let began = Date()
            let start = try project.pgctl(["start", "wrapper"])
            let took = Date().timeIntervalSince(began)
            #expect(start.exitCode == 0, "\(start)")
            #expect(start.stderr.hasSuffix("[pgctl] Started: wrapper\n"), "\(start)")
            #expect(took < 0.9, "took \(took) s: the tree should settle long before the 1 s busy fallback")
            print("[fault figures] shell + idle child started in \(Int(took * 1000)) ms")
            #expect(try project.pgctl(["stop", "wrapper"]).exitCode == 0)
        }
    }
}
