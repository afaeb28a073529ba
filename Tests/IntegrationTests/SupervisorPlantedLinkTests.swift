import Glibc
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

extension SupervisorIntegration {
    /// Issue 10, defect 2: a symbolic link planted in `supervise/` (the directory itself may be
    /// a link, the files in it may not) never makes the supervisor or a client tool write,
    /// truncate or lock another file.
    @Suite("Planted links in supervise/")
    struct PlantedLinkTests {
        static let precious: [UInt8] = Array("precious\n".utf8)

        /// Creates `supervise/` and a victim file outside it with `precious` in it; plants
        /// `supervise/<name>` as a link to the victim.
        static func plant(_ name: String, in sandbox: ServiceSandbox) throws -> String {
            let victim = sandbox.temporary.child("victim")
            try FileSystem.replaceAtomically(victim, with: precious, temporaryPath: victim + ".tmp")
            try FileSystem.makeDirectory(sandbox.path("supervise"), mode: 0o700)
            #expect(symlink(victim, sandbox.path("supervise/" + name)) == 0)
            return victim
        }

        @Test("status.new, death_tally and death_tally.new planted as links: replaced, the target untouched",
              arguments: ["status.new", "death_tally", "death_tally.new"])
        func replacedFiles(name: String) throws {
            try withSandbox { sandbox in
                let victim = try Self.plant(name, in: sandbox)
                let supervisor = try sandbox.start()
                try sandbox.waitUntilUp()
                try sandbox.send("d")  // a death: death_tally is rewritten through death_tally.new
                try sandbox.waitForStatus("down") { !$0.isUp }
                try waitUntil("death_tally to hold a record") {
                    ((try? FileSystem.kind(of: sandbox.path("supervise/death_tally"))) == .regular)
                        && ((try? FileSystem.readFile(sandbox.path("supervise/death_tally")))?.count ?? 0) > 0
                }
                #expect(try FileSystem.readFile(victim) == Self.precious, "\(name) was written through")
                #expect(try FileSystem.kind(of: sandbox.path("supervise/status")) == .regular)
                #expect(supervisor.isRunning)
            }
        }

        @Test("lock and control planted as links: the supervisor refuses to start and names the file",
              arguments: ["lock", "control"])
        func refusedFiles(name: String) throws {
            try withSandbox { sandbox in
                let victim = try Self.plant(name, in: sandbox)
                let supervisor = try sandbox.start(waitForStatus: false)
                let code = try supervisor.waitForExit(timeout: 10)
                #expect(code == 100 || code == 111, "\(supervisor.output)")
                #expect(supervisor.output.contains("supervise/\(name) is a symbolic link"), "\(supervisor.output)")
                #expect(try FileSystem.readFile(victim) == Self.precious)
            }
        }

        @Test("our s6-svc, s6-svstat and s6-svok refuse a planted link and say which file")
        func clientTools() throws {
            try withSandbox { sandbox in
                let victim = try Self.plant("control", in: sandbox)
                #expect(symlink(victim, sandbox.path("supervise/status")) == 0)
                #expect(symlink(victim, sandbox.path("supervise/lock")) == 0)
                let svc = try ClientTools.ours("s6-svc", ["-u", sandbox.directory])
                #expect(svc.exitCode == 100, "\(svc)")
                #expect(svc.stderr == "s6-svc: fatal: something is wrong with the \(sandbox.directory)/supervise directory: "
                        + "\(sandbox.directory)/supervise/control is a symbolic link (not followed)\n", "\(svc)")
                for tool in ["s6-svstat", "s6-svok"] {
                    let run = try ClientTools.ours(tool, [sandbox.directory])
                    #expect(run.exitCode == 111, "\(tool): \(run)")
                    #expect(run.stderr.contains("\(sandbox.directory)/supervise/lock is a symbolic link"), "\(tool): \(run)")
                }
                #expect(try FileSystem.readFile(victim) == Self.precious)
            }
        }
    }
}
