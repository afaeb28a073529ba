@testable import PgctlCore
import Testing

@Suite("Configuration values")
struct ConfigValidationTests {
    private func config(_ key: String, _ value: ConfigValue, from source: ConfigSource) -> PgctlConfig {
        var merger = ConfigMerger()
        merger.apply(PgctlConfig.defaults(environment: [:]), from: .defaults)
        merger.apply([key: value], from: source)
        return merger.config
    }

    @Test("booleans: real booleans, numbers and the usual words; 'false' from the environment is false (spec §10.1.4)",
          arguments: [
            (ConfigValue.string("false"), false), (.string("False"), false), (.string("no"), false),
            (.string("off"), false), (.string("0"), false), (.string(""), false), (.bool(false), false),
            (.int(0), false), (.string("true"), true), (.string("YES"), true), (.string("on"), true),
            (.string("1"), true), (.bool(true), true), (.int(2), true),
          ])
    func booleans(value: ConfigValue, expected: Bool) throws {
        let config = config("json", value, from: .environment("PGCTL_JSON"))
        #expect(try ConfigValidator.flag(.json, in: config) == expected)
        #expect(config.json == expected)
    }

    @Test("a word that is not a boolean is an error naming the key and the variable")
    func badBoolean() {
        #expect(throws: PgctlError("environment variable PGCTL_NO_FORCE: invalid value for 'no_force': 'maybe' is not a boolean (use true or false)")) {
            try ConfigValidator.check([.noForce], in: config("no_force", .string("maybe"), from: .environment("PGCTL_NO_FORCE")))
        }
    }

    @Test("seconds: numbers and numeric strings are accepted", arguments: [
        (ConfigValue.string("2.0"), 2.0), (.string(".01"), 0.01), (.int(5), 5.0), (.double(0.5), 0.5),
        (.string(" 3 "), 3.0), (.int(0), 0.0),
    ])
    func goodSeconds(value: ConfigValue, expected: Double) throws {
        #expect(try ConfigValidator.seconds(.timeout, in: config("timeout", value, from: .defaults), allowZero: true) == expected)
    }

    @Test("bad timeouts name the key and the file", arguments: [
        (ConfigValue.string("abc"), "'abc' is not a number of seconds"),
        (.int(-1), "-1 is negative"),
        (.double(1e300), "1e+300 is too large (at most 31536000 seconds)"),
        (.string("nan"), "'nan' is not a number of seconds"),
        (.string("inf"), "'inf' is too large (at most 31536000 seconds)"),
        (.bool(true), "true is not a number of seconds"),
        (.list([.int(1)]), "[1] is not a number of seconds"),
        (.null, "null is not a number of seconds"),
    ])
    func badTimeout(value: ConfigValue, reason: String) {
        #expect(throws: PgctlError("/p/pgctl.yaml: invalid value for 'timeout': \(reason)")) {
            try ConfigValidator.check([.timeout], in: config("timeout", value, from: .file("/p/pgctl.yaml")))
        }
    }

    @Test("poll must be more than zero")
    func zeroPoll() {
        #expect(throws: PgctlError("environment variable PGCTL_POLL: invalid value for 'poll': '0' must be more than 0")) {
            try ConfigValidator.check([.poll], in: config("poll", .string("0"), from: .environment("PGCTL_POLL")))
        }
    }

    @Test("pgdir and pghome must be non-empty text")
    func text() {
        #expect(throws: PgctlError("command-line option --pgdir: invalid value for 'pgdir': '' must not be empty")) {
            try ConfigValidator.check([.pgdir], in: config("pgdir", .string(""), from: .commandLine("--pgdir")))
        }
        #expect(throws: PgctlError("/x.json: invalid value for 'pghome': {'a': 1} is not a string")) {
            try ConfigValidator.check([.pghome], in: config("pghome", .mapping(["a": .int(1)]), from: .file("/x.json")))
        }
    }

    @Test("services: a list of names or one name; anything else is an error")
    func services() throws {
        #expect(try ConfigValidator.serviceNames(in: config("services", .string("web"), from: .defaults)) == ["web"])
        #expect(try ConfigValidator.serviceNames(in: config("services", .list([.string("a"), .int(1)]), from: .defaults)) == ["a", "1"])
        #expect(throws: PgctlError("/p.yaml: invalid value for 'services': [['a']] is not a list of service names")) {
            try ConfigValidator.serviceNames(in: config("services", .list([.list([.string("a")])]), from: .file("/p.yaml")))
        }
    }

    @Test("aliases: a mapping of names to lists; a bad alias is named by its key path")
    func aliases() throws {
        let good = config("aliases", .mapping(["a": .string("x"), "b": .list([.string("y"), .string("z")])]), from: .defaults)
        #expect(try ConfigValidator.aliases(in: good) == ["a": ["x"], "b": ["y", "z"], "default": ["(all services)"]])
        #expect(throws: PgctlError("environment variable PGCTL_ALIASES: invalid value for 'aliases': 'x' is not a mapping of alias names to lists of names")) {
            try ConfigValidator.aliases(in: config("aliases", .string("x"), from: .environment("PGCTL_ALIASES")))
        }
        #expect(throws: PgctlError("/p.yaml: invalid value for 'aliases.web': {'x': 1} is not a list of names")) {
            try ConfigValidator.aliases(in: config("aliases", .mapping(["web": .mapping(["x": .int(1)])]), from: .file("/p.yaml")))
        }
    }

    @Test("each command validates only the keys it uses")
    func keysPerCommand() throws {
        let broken = config("timeout", .string("abc"), from: .file("/p.yaml"))
        try ConfigValidator.check(PgctlCommand.status.configKeys, in: broken)
        try ConfigValidator.check(PgctlCommand.log.configKeys, in: broken)
        #expect(throws: PgctlError.self) {
            try ConfigValidator.check(PgctlCommand.start.configKeys, in: broken)
        }
        #expect(PgctlCommand.config.configKeys.isEmpty)
    }
}
