import Foundation
import Testing
import TestSupport

@Suite("pgctl command line: service arguments and aliases (spec §9.12, §9.25)")
struct PgctlCLIServiceArgumentTests {
    @Test("an unknown service fails before anything starts (spec §9.12)", arguments: [
        ["start", "unknown"], ["stop", "unknown"], ["log", "i-dont-exist"], ["status", "garbage"],
        ["restart", "sleep", "nope"],
    ])
    func unknownService(arguments: [String]) throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.service("sleep")
        let result = try cli.run(arguments, in: "project")
        #expect(result.stdout == "")
        #expect(result.stderr == "[pgctl] ERROR: No such service: 'playground/\(arguments.last!)'\n")
        #expect(result.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: cli.root + "/project/playground/sleep/supervise"))
        #expect(!FileManager.default.fileExists(atPath: cli.home + "/.run"))
    }

    @Test("from inside the playground the unknown service is shown relative to it")
    func unknownFromInside() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.service("sleep")
        let result = try cli.run(["status", "unknown"], in: "project/playground")
        #expect(result.stderr == "[pgctl] ERROR: No such service: 'unknown'\n")
        #expect(result.exitCode == 1)
    }

    @Test("a circular alias is an error naming it (spec §9.25); a plain-string alias is one name")
    func circularAlias() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        for name in ["ohhi", "sweet", "sleep"] { try cli.service(name) }
        try cli.file("project/pgctl.yaml", """
            aliases:
              default: a
              a: [ohhi, sweet]
              b: c
              c: b
            """)
        let result = try cli.run(["start", "b"], in: "project")
        #expect(result.stdout == "")
        #expect(result.stderr == "[pgctl] ERROR: Circular aliases! Visited twice during alias expansion: 'b'\n")
        #expect(result.exitCode == 1)
        let reload = try cli.run(["reload"], in: "project")
        #expect(reload.stderr == "[pgctl] reload: ohhi, sweet\n[pgctl] ERROR: reloading is not yet implemented.\n")
        let all = try cli.run(["reload", "--all"], in: "project")
        #expect(all.stderr == "[pgctl] reload: ohhi, sleep, sweet\n[pgctl] ERROR: reloading is not yet implemented.\n")
    }

    @Test("listing a service twice in an alias is not a cycle (spec §10.1.16, fixed)")
    func repeatedService() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.service("sweet")
        try cli.file("project/pgctl.yaml", "aliases:\n  default: [sweet, sweet]\n")
        let result = try cli.run(["reload"], in: "project")
        #expect(result.stderr == "[pgctl] reload: sweet\n[pgctl] ERROR: reloading is not yet implemented.\n")
    }

    @Test("a bad timeout stops start with the key and its source, before anything is touched")
    func badTimeout() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.service("sleep")
        let result = try cli.run(["start", "sleep"], in: "project", environment: ["PGCTL_TIMEOUT": "abc"])
        #expect(result.stderr == "[pgctl] ERROR: environment variable PGCTL_TIMEOUT: invalid value for 'timeout': "
                + "'abc' is not a number of seconds\n")
        #expect(result.exitCode == 1)
        try cli.file("project/pgctl.yaml", "timeout: -3\n")
        let negative = try cli.run(["stop", "sleep"], in: "project")
        #expect(negative.stderr == "[pgctl] ERROR: \(cli.root)/project/pgctl.yaml: invalid value for 'timeout': "
                + "-3 is negative\n")
        #expect(!FileManager.default.fileExists(atPath: cli.root + "/project/playground/sleep/supervise"))
    }

    @Test("a malformed configuration file is an error naming the file and line, exit 1")
    func malformedConfig() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.service("sleep")
        try cli.file("project/pgctl.json", "{\n  \"timeout\": 3,\n}\n")
        let result = try cli.run(["status"], in: "project")
        #expect(result.stdout == "")
        #expect(result.stderr == "[pgctl] ERROR: \(cli.root)/project/pgctl.json: line 3, column 1: "
                + "expected a property name in double quotes\n")
        #expect(result.exitCode == 1)
    }
}
