import Foundation
import Testing
import TestSupport

@Suite("pgctl command line: basics (spec §9.1–9.5)")
struct PgctlCLIBasicsTests {
    @Test("--version prints the port's version on stdout (spec §9.1)")
    func version() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["--version"])
        #expect(result.stdout == "6.0.0-swift\n")
        #expect(result.stderr == "")
        #expect(result.exitCode == 0)
    }

    @Test("no arguments: usage and 'the following arguments are required: command', exit 2 (spec §9.2)")
    func noArguments() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run([])
        #expect(result.stdout == "")
        #expect(result.stderr == pgctlUsage + "pgctl: error: the following arguments are required: command\n")
        #expect(result.exitCode == 2)
    }

    @Test("--help without a playground: usage and options on stdout, exit 0 (spec §9.3)", arguments: ["--help", "-h"])
    func help(flag: String) throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run([flag])
        #expect(result.stdout.hasPrefix(pgctlUsage))
        #expect(result.stdout.contains("  --all, -a "))
        #expect(result.stderr == "")
        #expect(result.exitCode == 0)
    }

    @Test("an invalid command lists the choices, exit 2")
    func invalidCommand() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["bogus"])
        #expect(result.stderr == pgctlUsage + "pgctl: error: argument command: invalid choice: 'bogus' "
                + "(choose from 'start', 'stop', 'status', 'restart', 'reload', 'log', 'debug', 'config', 'wait', 'completion')\n")
        #expect(result.stdout == "")
        #expect(result.exitCode == 2)
    }

    @Test("argparse-style usage errors", arguments: [
        (["start", "a", "--all"], "unrecognized arguments: a"),
        (["-a", "stop", "x", "y"], "unrecognized arguments: x y"),
        (["status", "--bogus"], "unrecognized arguments: --bogus"),
        (["status", "--pgdir"], "argument --pgdir: expected one argument"),
        (["status", "--config", "--json"], "argument --config: expected one argument"),
        (["--json=yes", "status"], "argument --json: ignored explicit argument 'yes'"),
        (["--pg", "x", "status"], "ambiguous option: --pg could match --pgdir, --pghome"),
        (["status", "-ax"], "argument --all/-a: ignored explicit argument 'x'"),
        (["status", "---"], "unrecognized arguments: ---"),
        (["-x", "status", "--nope=1"], "unrecognized arguments: -x --nope=1"),
    ])
    func usageErrors(arguments: [String], message: String) throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(arguments)
        #expect(result.stderr == pgctlUsage + "pgctl: error: \(message)\n")
        #expect(result.exitCode == 2)
    }

    @Test("without a playground every service command fails the same way (spec §9.5)",
          arguments: ["start", "stop", "status", "restart", "reload", "log", "debug"])
    func noPlayground(command: String) throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.directory("empty")
        let result = try cli.run([command], in: "empty")
        #expect(result.stdout == "")
        #expect(result.stderr == "[pgctl] ERROR: could not find any directory named 'playground'\n")
        #expect(result.exitCode == 1)
    }

    @Test("abbreviations, clustered flags, '--' and negative numbers behave as with argparse")
    func argparseConventions() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["--verb", "config", "--pgd=pg", "-1", "--", "-a", "--json"])
        #expect(result.exitCode == 0)
        #expect(result.stdout.contains("\"pgdir\": \"pg\""))
        #expect(result.stdout.contains("\"verbose\": true"))
        #expect(result.stdout.contains("\"json\": false"))
        #expect(result.stdout.contains("\"services\": [\n        \"-1\",\n        \"-a\",\n        \"--json\"\n    ]"))
        let cluster = try cli.run(["config", "-ah"])
        #expect(cluster.stdout.hasPrefix(pgctlUsage))
        #expect(cluster.exitCode == 0)
    }

    @Test("an empty --pgdir is refused with the option named")
    func emptyPgdir() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["status", "--pgdir="])
        #expect(result.stderr == "[pgctl] ERROR: command-line option --pgdir: invalid value for 'pgdir': '' must not be empty\n")
        #expect(result.exitCode == 1)
    }

    @Test("--pgdir names the playground in the error")
    func noPlaygroundCustomName() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["status", "--pgdir", "services"])
        #expect(result.stderr == "[pgctl] ERROR: could not find any directory named 'services'\n")
        #expect(result.exitCode == 1)
    }

    @Test("reload prints the resolved names, then refuses (spec §9.39)")
    func reload() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.service("sleep")
        let result = try cli.run(["reload"], in: "project")
        #expect(result.stdout == "")
        #expect(result.stderr == "[pgctl] reload: sleep\n[pgctl] ERROR: reloading is not yet implemented.\n")
        #expect(result.exitCode == 1)
        let named = try cli.run(["reload", "a", "b"], in: "project")
        #expect(named.stderr == "[pgctl] reload: a, b\n[pgctl] ERROR: reloading is not yet implemented.\n")
    }

    @Test("debug needs exactly one service, checked before existence (spec §9.45)")
    func debugCount() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.service("greeter")
        let result = try cli.run(["debug", "abc", "def"], in: "project")
        #expect(result.stdout == "")
        #expect(result.stderr == "[pgctl] ERROR: Must debug exactly one service, not: abc, def\n")
        #expect(result.exitCode == 1)
        let missing = try cli.run(["debug", "abc"], in: "project")
        #expect(missing.stderr == "[pgctl] ERROR: No such service: 'playground/abc'\n")
        #expect(missing.exitCode == 1)
    }
}
