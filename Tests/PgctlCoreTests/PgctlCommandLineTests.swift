import ArgumentParsing
@testable import PgctlCore
import Testing

/// pgctl's own reading of its parse (the argparse rules themselves are compared with Python
/// in ArgumentParsingTests): the options it builds, `--all` refusing services, the commands'
/// order and keys.
@Suite("pgctl command line")
struct PgctlCommandLineTests {
    @Test("options anywhere become CommandLineOptions")
    func options() {
        let request = PgctlCommandLine.parse(["--pgd=pg", "start", "a", "--json", "b", "--no-force", "--force",
                                              "--verb", "--config", "c.yaml", "--pghome", "/h"])
        #expect(request == .run(CommandLineOptions(
            command: .start, services: ["a", "b"], pgdir: "pg", pghome: "/h", config: "c.yaml", json: true,
            verbose: true, noForce: true, force: true)))
        #expect(PgctlCommandLine.parse(["-a", "log"]) == .run(CommandLineOptions(command: .log, all: true)))
        #expect(PgctlCommandLine.parse(["--version", "-h"]) == .version)
        #expect(PgctlCommandLine.parse(["-h", "--version"]) == .help)
    }

    @Test("services given with --all are unrecognized, listed with unknown options in order", arguments: [
        (["start", "a", "--all"], "unrecognized arguments: a"),
        (["-a", "stop", "x", "-y", "z"], "unrecognized arguments: x -y z"),
        (["-y", "stop", "-a", "x"], "unrecognized arguments: -y x"),
    ])
    func allRefusesServices(arguments: [String], message: String) {
        #expect(PgctlCommandLine.parse(arguments) == .usageError(ArgumentError(message)))
    }

    @Test("the command choices are the commands, in order")
    func choices() {
        #expect(PgctlCommandLine.parser.positionals.first?.choices
                == ["start", "stop", "status", "restart", "reload", "log", "debug", "config", "wait", "completion"])
        #expect(PgctlCommand.allCases.allSatisfy { !$0.summary.isEmpty })
    }

    @Test("the keys files may set, and those only the command line sets")
    func keys() {
        #expect(ConfigKeys.settable == [
            "pgdir", "pghome", "services", "aliases", "dependencies", "timeout", "poll", "json", "verbose", "no_force",
            "environment_process_tracing", "embedded_log_viewer", "force_enable_log_viewer",
            "telemetry", "telemetry_clog_config_path",
        ])
        #expect(ConfigKeys.commandLineOnly == ["command", "config", "_unused_force"])
        #expect(PgctlCommand.status.configKeys == [.pgdir, .pghome, .services, .aliases, .dependencies, .json])
        #expect(PgctlCommand.config.configKeys.isEmpty)
        #expect(PgctlCommand.wait.configKeys == [.pgdir, .pghome, .services, .aliases, .timeout, .verbose, .json])
    }

    @Test("wait's options: --for and --timeout read, and refused with other commands")
    func waitOptions() {
        #expect(PgctlCommandLine.parse(["wait", "db", "--for", "up", "--timeout", "1.5"])
                == .run(CommandLineOptions(command: .wait, services: ["db"], waitFor: .up, waitTimeout: 1.5)))
        #expect(PgctlCommandLine.parse(["wait"]) == .run(CommandLineOptions(command: .wait)))
        #expect(PgctlCommandLine.parse(["log", "--for=down"])
                == .usageError(ArgumentError("argument --for: not allowed with command 'log' (only with 'wait')")))
        #expect(PgctlCommandLine.parse(["wait", "--timeout", "1e9"])
                == .usageError(ArgumentError("argument --timeout: '1e9' is too large (at most 31536000 seconds)")))
    }

    @Test("pgctl-fuser: -1 is a file, -1e5 an unknown option, --allow an abbreviation")
    func fuser() {
        #expect(FuserCommandLine.parse(["-1", "--allow"]) == .run(FuserCommandLine(allowDeleted: true, files: ["-1"])))
        #expect(FuserCommandLine.parse(["f", "-1e5"]) == .usageError(ArgumentError("unrecognized arguments: -1e5")))
        #expect(FuserCommandLine.parse(["-dh"]) == .help)
    }
}
