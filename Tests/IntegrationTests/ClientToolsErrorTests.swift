import Foundation
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

/// Error cases of the four tools: literal messages and exit codes, identical to the real ones.
extension ClientToolsIntegration {
    @Suite("client tool errors") struct Errors {
        static let svcUsage = "s6-svc: usage: s6-svc [ -wu | -wU | -wd | -wD | -wr | -wR ] [ -T timeout ] [ -abqhkti12pcyroduDUxOQ ] servicedir"
        static let svstatUsage = "s6-svstat: usage: s6-svstat [ -uwNrpest | -o up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor ] [ -n ] servicedir"
        static let svokUsage = "s6-svok: usage: s6-svok servicedir"
        static let svwaitUsage = "s6-svwait: usage: s6-svwait [ -U | -u | -d | -D | -r | -R ] [ -a | -o ] [ -t timeout ] servicedir..."

        @Test func badOptionsPrintTheUsage() throws {
            let cases: [(String, [String], String)] = [
                ("s6-svc", ["-Z", "svc"], Self.svcUsage), ("s6-svc", [], Self.svcUsage), ("s6-svc", ["-u"], Self.svcUsage),
                ("s6-svc", ["-T", "abc", "-u", "svc"], Self.svcUsage), ("s6-svc", ["-T"], Self.svcUsage),
                ("s6-svc", ["-wx", "svc"], Self.svcUsage), ("s6-svc", ["-w", "", "svc"], Self.svcUsage),
                ("s6-svc", ["-T", "4294967296", "svc"], Self.svcUsage), ("s6-svc", ["--"], Self.svcUsage),
                ("s6-svstat", ["-Z", "svc"], Self.svstatUsage), ("s6-svstat", [], Self.svstatUsage),
                ("s6-svstat", ["-o"], Self.svstatUsage), ("s6-svstat", ["-u"], Self.svstatUsage),
                ("s6-svstat", ["-o", "up", "-x", "svc"], Self.svstatUsage),
                ("s6-svok", [], Self.svokUsage),
                ("s6-svwait", ["-Z", "svc"], Self.svwaitUsage), ("s6-svwait", [], Self.svwaitUsage),
                ("s6-svwait", ["-u"], Self.svwaitUsage), ("s6-svwait", ["-t", "abc", "svc"], Self.svwaitUsage),
                ("s6-svwait", ["-t", "-5", "svc"], Self.svwaitUsage), ("s6-svwait", ["-t"], Self.svwaitUsage),
            ]
            for (tool, arguments, usage) in cases {
                try expectTool(tool, arguments, exit: 100, stderr: [usage])
            }
        }

        @Test func badValuesAreNamed() throws {
            try expectTool("s6-svstat", ["-o", "foo", "svc"], exit: 100, stderr: ["s6-svstat: fatal: invalid option field: foo"])
            try expectTool("s6-svstat", ["-o", "foo"], exit: 100, stderr: ["s6-svstat: fatal: invalid option field: foo"])
            try expectTool("s6-svstat", ["-o", "up,,pid", "svc"], exit: 100, stderr: ["s6-svstat: fatal: invalid null option field"])
            try expectTool("s6-svstat", ["-o", ",up", "svc"], exit: 100, stderr: ["s6-svstat: fatal: invalid null option field"])
            let seventeen = Array(repeating: "u", count: 17).joined(separator: ",")
            try expectTool("s6-svstat", ["-o", seventeen, "svc"], exit: 100, stderr: ["s6-svstat: fatal: too many option fields"])
            let tooMany = "-" + String(repeating: "u", count: 63)
            try expectTool("s6-svc", [tooMany, "-Z", "svc"], exit: 100, stderr: ["s6-svc: fatal: too many commands"])
            try expectTool("s6-svc", ["-u", ""], exit: 100, stderr: ["s6-svc: fatal: invalid service path"])
            try expectTool("s6-svc", ["-u", "", "extra"], exit: 100,
                           stderr: ["s6-svc: warning: ignoring extra arguments", "s6-svc: fatal: invalid service path"])
        }

        @Test func noSuchDirectory() throws {
            let temporary = try TemporaryDirectory(prefix: "client-tools")
            defer { temporary.remove() }
            let dir = temporary.child("missing")
            try expectTool("s6-svstat", [dir], exit: 1,
                           stderr: ["s6-svstat: fatal: : unable to read status for \(dir): s6-supervise not running"])
            try expectTool("s6-svok", [dir], exit: 1)
            try expectTool("s6-svc", ["-u", dir], exit: 111, stderr: ["s6-svc: fatal: unable to control \(dir): No such file or directory"])
            try expectTool("s6-svwait", ["-u", "-t", "100", dir], exit: 111,
                           stderr: ["s6-svwait: fatal: unable to subscribe to events for \(dir): No such file or directory"])
            try expectTool("s6-svc", ["-wu", "-T", "100", "-u", dir], exit: 111,
                           stderr: ["s6-svlisten1: fatal: unable to subscribe to events for \(dir): No such file or directory"])
        }

        @Test func notADirectory() throws {
            let temporary = try TemporaryDirectory(prefix: "client-tools")
            defer { temporary.remove() }
            let file = temporary.child("file")
            #expect(FileManager.default.createFile(atPath: file, contents: nil))
            try expectTool("s6-svstat", [file], exit: 111, stderr: ["s6-svstat: fatal: unable to check \(file): Not a directory"])
            try expectTool("s6-svok", [file], exit: 111, stderr: ["s6-svok: fatal: unable to check \(file): Not a directory"])
            try expectTool("s6-svc", ["-u", file], exit: 111, stderr: ["s6-svc: fatal: unable to control \(file): Not a directory"])
        }

        /// A directory that was never supervised: no `supervise/`, then a `supervise/` without
        /// `control`. `s6-svwait` creates `event/` and then fails on the missing status.
        @Test func neverSupervised() throws {
            let temporary = try TemporaryDirectory(prefix: "client-tools")
            defer { temporary.remove() }
            let dir = temporary.child("svc")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try expectTool("s6-svc", ["-u", dir], exit: 100, stderr: ["s6-svc: fatal: : unable to control \(dir): supervisor not listening"])
            try expectTool("s6-svwait", ["-u", "-t", "100", dir], exit: 111,
                           stderr: ["s6-svwait: fatal: unable to s6_svstatus_read: No such file or directory"])
            let events = try FileSystem.metadata(of: dir + "/event")
            #expect(events.kind == .directory && events.mode == 0o3730, "the listener created event/")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/event").isEmpty, "and removed its FIFO")
            try FileManager.default.createDirectory(atPath: dir + "/supervise", withIntermediateDirectories: true)
            try expectTool("s6-svc", ["-u", dir], exit: 100,
                           stderr: ["s6-svc: fatal: something is wrong with the \(dir)/supervise directory: No such file or directory"])
            try expectTool("s6-svstat", [dir], exit: 1,
                           stderr: ["s6-svstat: fatal: : unable to read status for \(dir): s6-supervise not running"])
        }

        /// After `s6-svc -x` the supervisor is gone but its files stay: a stale status.
        @Test(arguments: SupervisorKind.available)
        func supervisorGone(kind: SupervisorKind) throws {
            try withClientService(kind, files: ["down": ""], start: false) { sandbox in
                let dir = sandbox.directory
                let supervisor = try sandbox.start(executable: kind.executable)
                try expectOurs("s6-svc", ["-x", dir])
                #expect(try supervisor.waitForExit() == 0)
                try expectTool("s6-svstat", [dir], exit: 1,
                               stderr: ["s6-svstat: fatal: : unable to read status for \(dir): s6-supervise not running"])
                try expectTool("s6-svok", [dir], exit: 1)
                try expectTool("s6-svc", ["-u", dir], exit: 100,
                               stderr: ["s6-svc: fatal: : unable to control \(dir): supervisor not listening"])
                // s6-svwait never checks the lock: it waits on the stale status.
                try expectTool("s6-svwait", ["-D", "-t", "5000", dir], exit: 0)
                try expectTool("s6-svwait", ["-u", "-t", "200", dir], exit: 99, stderr: ["s6-svwait: fatal: timed out"])
                // s6-svc -w reports the failed command and still waits, as the real one does.
                try expectTool("s6-svc", ["-wu", "-T", "200", "-u", dir], exit: 99, stderr: [
                    "s6-svc: fatal: : unable to control \(dir): supervisor not listening", "s6-svlisten1: fatal: timed out",
                ])
            }
        }

        /// Case 50 of the protocol spec: a user other than the supervisor's gets "Permission
        /// denied" from every tool (the supervisor's files are 0700/0600/03730). Runs when the
        /// tests run as root, through `runuser -u nobody`.
        @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
                       "needs root and runuser"), arguments: SupervisorKind.available)
        func otherUsersAreDenied(kind: SupervisorKind) throws {
            try withClientService(kind) { sandbox in
                chmod(sandbox.temporary.path, 0o755)
                chmod(sandbox.directory, 0o755)
                let dir = sandbox.directory
                let cases: [(String, [String], String)] = [
                    ("s6-svok", [dir], "s6-svok: fatal: unable to check \(dir): Permission denied"),
                    ("s6-svstat", [dir], "s6-svstat: fatal: unable to check \(dir): Permission denied"),
                    ("s6-svc", ["-u", dir], "s6-svc: fatal: unable to control \(dir): Permission denied"),
                    ("s6-svwait", ["-u", "-t", "100", dir], "s6-svwait: fatal: unable to subscribe to events for \(dir): Permission denied"),
                    ("s6-svc", ["-wu", "-T", "100", "-u", dir],
                     "s6-svlisten1: fatal: unable to subscribe to events for \(dir): Permission denied"),
                ]
                for source in ClientSource.available {
                    for (tool, arguments, message) in cases {
                        let result = try Command.run("/usr/sbin/runuser", ["-u", "nobody", "--", source.path(tool)] + arguments)
                        let expected = CommandResult(exitCode: 111, stdout: "", stderr: message + "\n")
                        #expect(result.sameAs(expected), "\(source) \(tool) as nobody: \(result)")
                    }
                }
            }
        }

        @Test(arguments: SupervisorKind.available)
        func shortStatusFile(kind: SupervisorKind) throws {
            try withClientService(kind, files: ["down": ""]) { sandbox in
                let dir = sandbox.directory
                try Data(repeating: 0x40, count: 20).write(to: URL(fileURLWithPath: dir + "/supervise/status"))
                try expectTool("s6-svstat", [dir], exit: 111, stderr: ["s6-svstat: fatal: unable to read status for \(dir): Broken pipe"])
                try expectTool("s6-svok", [dir], exit: 0)
                try expectTool("s6-svwait", ["-u", "-t", "100", dir], exit: 111,
                               stderr: ["s6-svwait: fatal: unable to s6_svstatus_read: Broken pipe"])
            }
        }

        /// An unreadable status: a directory in its place (root reads any file), and, when the
        /// tests do not run as root, a file with mode 0.
        @Test(arguments: SupervisorKind.available)
        func unreadableStatus(kind: SupervisorKind) throws {
            try withClientService(kind, files: ["down": ""]) { sandbox in
                let dir = sandbox.directory
                let status = dir + "/supervise/status"
                let saved = try Data(contentsOf: URL(fileURLWithPath: status))
                try FileManager.default.removeItem(atPath: status)
                try FileManager.default.createDirectory(atPath: status, withIntermediateDirectories: false)
                try expectTool("s6-svstat", [dir], exit: 111, stderr: ["s6-svstat: fatal: unable to read status for \(dir): Is a directory"])
                try expectTool("s6-svwait", ["-u", "-t", "100", dir], exit: 111,
                               stderr: ["s6-svwait: fatal: unable to s6_svstatus_read: Is a directory"])
                try FileManager.default.removeItem(atPath: status)
                try saved.write(to: URL(fileURLWithPath: status))
                if getuid() != 0 {
                    chmod(status, 0)
                    try expectTool("s6-svstat", [dir], exit: 111,
                                   stderr: ["s6-svstat: fatal: unable to read status for \(dir): Permission denied"])
                    chmod(status, 0o644)
                }
                try expectTool("s6-svstat", [dir], exit: 0, stdout: "down (exitcode 0) # seconds, ready # seconds\n")
            }
        }
    }
}
