import Foundation
import Testing
import TestSupport

/// `./install.sh`: installs into a temporary prefix (the executables of this build, with
/// `--bin-dir`, so the test does not make a release build), the installed pgctl starts and
/// stops a playground with nothing but the prefix's bin on PATH (plus /usr/bin:/bin for sh),
/// and `--uninstall` leaves the prefix exactly as it was.
@Suite("install.sh")
struct PgctlCLIInstallTests {
    static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() } // Tests/IntegrationTests/<file>
        return url.path
    }()

    /// Every path below `root` with its kind and size, sorted.
    static func tree(_ root: String) -> [String] {
        let paths = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []
        return paths.sorted().map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + path)
            return "\(path) \(attributes?[.type] ?? "") \(attributes?[.size] ?? "")"
        }
    }

    @Test("install twice, start and stop with the installed pgctl, uninstall leaves the prefix as it was")
    func installRunUninstall() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let prefix = try cli.directory("prefix")
        try cli.file("prefix/bin/someone-elses-tool", "#!/bin/sh\n", executable: true)
        try cli.file("prefix/share/man/man1/other.1", ".TH OTHER 1\n")
        // A link the user made earlier (as the README once suggested): moved aside, then restored.
        try FileManager.default.createSymbolicLink(atPath: prefix + "/bin/s6-svc", withDestinationPath: "/nonexistent/s6-svc")
        let before = Self.tree(prefix)
        let install = [Self.repository + "/install.sh", "--prefix", prefix, "--bin-dir", Executables.productsDirectory.path]
        let environment = ["HOME": cli.home, "PATH": "/usr/bin:/bin"]
        for _ in 0..<2 {
            let result = try Command.run("/bin/sh", install, exactEnvironment: environment, timeout: 120)
            #expect(result.exitCode == 0, "\(result)")
        }
        for name in ["pgctl", "s6-supervise", "s6-svc", "s6-svstat", "s6-svok", "s6-svwait", "pgctl-poll-ready", "pgctl-fuser"] {
            #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/" + name), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/man/man1/pgctl.1"))
        #expect(FileManager.default.fileExists(atPath: prefix + "/share/man/man8/s6-supervise.8"))

        // The service logs which supervisor runs it: the installed one, next to the installed pgctl.
        try cli.file("project/playground/web/run", "#!/bin/sh\nreadlink /proc/$PPID/exe\nexec sleep infinity\n", executable: true)
        let run = ["PATH": prefix + "/bin:/usr/bin:/bin", "HOME": cli.home, "PGCTL_NO_GLOBAL_CONFIG": "true"]
        let project = cli.root + "/project"
        defer { _ = try? Command.run(prefix + "/bin/pgctl", ["stop"], in: project, exactEnvironment: run, timeout: 60) }
        let start = try Command.run("/bin/sh", ["-c", "exec pgctl start"], in: project, exactEnvironment: run, timeout: 60)
        #expect(start.exitCode == 0 && start.stderr.contains("Started: web"), "\(start)")
        let log = project + "/playground/web/logs/current"
        try waitUntil("the service logs its supervisor's path", timeout: 30) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("\n")
        }
        #expect(try String(contentsOfFile: log, encoding: .utf8).hasSuffix("  " + prefix + "/bin/s6-supervise\n"))
        let status = try Command.run("/bin/sh", ["-c", "exec pgctl status"], in: project, exactEnvironment: run)
        #expect(status.stdout.contains("web: ready"), "\(status)")
        let stop = try Command.run("/bin/sh", ["-c", "exec pgctl stop"], in: project, exactEnvironment: run, timeout: 60)
        #expect(stop.exitCode == 0 && stop.stderr.contains("Stopped: web"), "\(stop)")

        let uninstall = try Command.run("/bin/sh", [Self.repository + "/install.sh", "--prefix", prefix, "--uninstall"],
                                        exactEnvironment: environment)
        #expect(uninstall.exitCode == 0, "\(uninstall)")
        #expect(Self.tree(prefix) == before)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: prefix + "/bin/s6-svc")) == "/nonexistent/s6-svc")
    }
}
