@testable import PgctlCore
import Testing

@Suite("Configuration layers")
struct ConfigLoaderTests {
    /// Spec §9.6's tree, with the `my` base name.
    private func scenarioTree() throws -> ConfigTestTree {
        let tree = try ConfigTestTree()
        try tree.file("etc/my.conf", "[my]\nignored = 1\n[pgctl]\netc = etc\n")
        try tree.file("home/.my.json", #"{"home": "home"}"#)
        try tree.file("app/my.ini", "[pgctl]\napp = app\napps_list = 1 2 3\n")
        try tree.file("app/a/my.yaml", "app/a: app/a\n")
        try tree.file("app/a/b/my.yaml", "app/b: app/b\n")
        try tree.file("app/a/b/c/my.junk", "this is not a configuration file")
        try tree.file("app/a/b/c/foo.json", #"{"foo": "foo"}"#)
        return tree
    }

    private func locations(_ tree: ConfigTestTree) -> ConfigLocations {
        ConfigLocations(baseName: "my", systemDirectory: tree.root + "/etc", homeDirectory: tree.root + "/home",
                        workingDirectory: tree.root + "/app/a/b/c")
    }

    @Test("every level contributes; _list keys become lists; .junk is ignored (spec §9.6)")
    func everyLevel() throws {
        let tree = try scenarioTree()
        defer { tree.remove() }
        let environment = ["PGCTL_ENVIRON": "environ", "PGCTL_ENVIRONS_LIST": "1 2 3"]
        let options = CommandLineOptions(command: .config, config: "foo.json")
        let result = try ConfigLoader.load(options: options, environment: environment, locations: locations(tree))
        let values = result.config.values
        let oneTwoThree = ConfigValue.list([.string("1"), .string("2"), .string("3")])
        #expect(values["etc"] == .string("etc"))
        #expect(values["home"] == .string("home"))
        #expect(values["app"] == .string("app"))
        #expect(values["apps"] == oneTwoThree)
        #expect(values["app/a"] == .string("app/a"))
        #expect(values["app/b"] == .string("app/b"))
        #expect(values["environ"] == .string("environ"))
        #expect(values["environs"] == oneTwoThree)
        #expect(values["foo"] == .string("foo"))
        #expect(values["config"] == .string("foo.json"))
        #expect(values["command"] == .string("config"))
        #expect(result.files == [tree.root + "/etc/my.conf", tree.root + "/home/.my.json", tree.root + "/app/my.ini",
                                 tree.root + "/app/a/my.yaml", tree.root + "/app/a/b/my.yaml",
                                 tree.root + "/app/a/b/c/foo.json"])
    }

    @Test("precedence: defaults < system < user < outer project < inner project < environment < --config < command line")
    func precedence() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.file("etc/my.yaml", "k1: etc\ntimeout: 3\n")
        try tree.file("home/.my.yaml", "k1: home\nk2: home\n")
        try tree.file("app/my.yaml", "k2: app\nk3: app\n")
        try tree.file("app/a/my.yaml", "k3: app/a\nk4: app/a\n")
        try tree.file("app/a/b/c/extra.yaml", "k5: extra\npgdir: extra\n")
        let environment = ["PGCTL_K4": "env", "PGCTL_K5": "env"]
        let options = CommandLineOptions(command: .status, pgdir: "cli", config: "extra.yaml")
        let loaded = try ConfigLoader.load(options: options, environment: environment, locations: locations(tree))
        let values = loaded.config.values
        #expect(values["timeout"] == .int(3))
        #expect(values["k1"] == .string("home"))
        #expect(values["k2"] == .string("app"))
        #expect(values["k3"] == .string("app/a"))
        #expect(values["k4"] == .string("env"))
        #expect(values["k5"] == .string("extra"))
        #expect(values["pgdir"] == .string("cli"))
        #expect(values["poll"] == .string(".01"))
        #expect(loaded.config.source(of: ["k4"]) == .environment("PGCTL_K4"))
        #expect(loaded.config.source(of: ["k5"]) == .file("extra.yaml"))
        #expect(loaded.config.source(of: ["pgdir"]) == .commandLine("--pgdir"))
    }

    @Test("project files merge from the outermost inward: {a:1,b:2} above and {b:3,c:4} below (spec §9.8)")
    func parentMerge() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.file("my.json", #"{"a": 1, "b": 2}"#)
        try tree.file("a/b/c/my.json", #"{"b": 3, "c": 4}"#)
        let loaded = try ConfigLoader.load(options: nil, environment: [:], locations: ConfigLocations(
            baseName: "my", systemDirectory: nil, homeDirectory: nil, workingDirectory: tree.root + "/a/b/c"))
        #expect(loaded.config.values["a"] == .int(1))
        #expect(loaded.config.values["b"] == .int(3))
        #expect(loaded.config.values["c"] == .int(4))
    }

    @Test("the upward search lists the nearest directory's file first (spec §9.9)")
    func searchOrder() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.file("my.yaml", "a: 1\n")
        try tree.file("x/y/my.ini", "[pgctl]\n")
        try tree.directory("x/y/z")
        let found = try ConfigFileFinder.findUpward(baseName: "my", from: tree.root + "/x/y/z")
        #expect(found == [tree.root + "/x/y/my.ini", tree.root + "/my.yaml"])
    }

    @Test("two recognised files in one place are ambiguous; other extensions are skipped (spec §9.7)")
    func ambiguity() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.file("both/example.ini", "[pgctl]\n")
        try tree.file("both/example.conf", "[pgctl]\n")
        try tree.file("one/example.nonsense", "")
        try tree.file("one/example.yaml", "a: 1\n")
        try tree.directory("none")
        #expect(throws: PgctlError("multiple configurations found at \(tree.root)/both/example.*")) {
            try ConfigFileFinder.find(in: tree.root + "/both", prefix: "example.")
        }
        #expect(try ConfigFileFinder.find(in: tree.root + "/one", prefix: "example.") == tree.root + "/one/example.yaml")
        #expect(try ConfigFileFinder.find(in: tree.root + "/none", prefix: "example.") == nil)
        #expect(try ConfigFileFinder.find(in: tree.root + "/missing", prefix: "example.") == nil)
    }

    @Test("an ambiguous project directory stops loading with the error")
    func ambiguousProject() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.file("p/my.yaml", "")
        try tree.file("p/my.json", "{}")
        #expect(throws: PgctlError("multiple configurations found at \(tree.root)/p/my.*")) {
            try ConfigLoader.load(options: nil, environment: [:], locations: ConfigLocations(
                baseName: "my", systemDirectory: nil, homeDirectory: nil, workingDirectory: tree.root + "/p"))
        }
    }

    @Test("a malformed file is an error naming the file and the line")
    func malformed() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        let path = try tree.file("p/my.yaml", "aliases:\n  a: [x\n")
        let error = #expect(throws: PgctlError.self) {
            try ConfigLoader.load(options: nil, environment: [:], locations: ConfigLocations(
                baseName: "my", systemDirectory: nil, homeDirectory: nil, workingDirectory: tree.root + "/p"))
        }
        #expect(error?.message.hasPrefix("\(path): line ") == true)
    }

    @Test("--config: missing file, unsupported extension, relative to the working directory")
    func configOption() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.file("p/conf/extra.json", #"{"timeout": 9}"#)
        let locations = ConfigLocations(baseName: "my", systemDirectory: nil, homeDirectory: nil,
                                        workingDirectory: tree.root + "/p")
        let loaded = try ConfigLoader.load(options: CommandLineOptions(command: .config, config: "conf/extra.json"),
                                           environment: [:], locations: locations)
        #expect(loaded.config.values["timeout"] == .int(9))
        #expect(throws: PgctlError("nope.yaml: No such file or directory")) {
            try ConfigLoader.load(options: CommandLineOptions(command: .config, config: "nope.yaml"),
                                  environment: [:], locations: locations)
        }
        #expect(throws: PgctlError("conf/extra.txt: unsupported configuration format (use .yaml, .yml, .json, .ini or .conf)")) {
            try ConfigLoader.load(options: CommandLineOptions(command: .config, config: "conf/extra.txt"),
                                  environment: [:], locations: locations)
        }
    }

    @Test("unknown keys in files produce warnings naming the key and the file")
    func unknownKeys() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        let path = try tree.file("p/my.yaml", "timeout: 3\nfoo: 1\ncommand: x\n")
        let loaded = try ConfigLoader.load(options: nil, environment: ["PGCTL_WHATEVER": "1"], locations: ConfigLocations(
            baseName: "my", systemDirectory: nil, homeDirectory: nil, workingDirectory: tree.root + "/p"))
        #expect(loaded.warnings == ["unknown configuration key 'command' in \(path)",
                                    "unknown configuration key 'foo' in \(path)"])
        #expect(loaded.config.values["foo"] == .int(1))
        #expect(loaded.config.values["whatever"] == .string("1"))
    }

    @Test("json, verbose and no_force come from files and environment unless the flag is given (spec §10.1.4, fixed)")
    func flagsFromFiles() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.file("p/my.yaml", "json: true\nverbose: yes\n")
        let locations = ConfigLocations(baseName: "my", systemDirectory: nil, homeDirectory: nil,
                                        workingDirectory: tree.root + "/p")
        let environment = ["PGCTL_NO_FORCE": "true", "PGCTL_JSON": "false"]
        let plain = try ConfigLoader.load(options: CommandLineOptions(command: .status), environment: environment,
                                          locations: locations).config
        #expect(plain.json == false)
        #expect(plain.verbose == true)
        #expect(plain.noForce == true)
        let flagged = try ConfigLoader.load(options: CommandLineOptions(command: .status, json: true),
                                            environment: environment, locations: locations).config
        #expect(flagged.json == true)
        #expect(flagged.source(of: ["json"]) == .commandLine("--json"))
    }

    @Test("the environment: prefix stripped, lower-cased, strings; _LIST split; PGCTL_VERBOSE is the trace level")
    func environmentLayer() {
        let entries = EnvironmentConfig.entries(from: [
            "PGCTL_TIMEOUT": "5", "PGCTL_SERVICES_LIST": " a  b\tc ", "PGCTL_VERBOSE": "1", "OTHER": "x",
            "PGCTL_EMBEDDED_LOG_VIEWER": "false",
        ])
        #expect(entries.map(\.key) == ["embedded_log_viewer", "services", "timeout"])
        #expect(entries.map(\.value) == [.string("false"), .list([.string("a"), .string("b"), .string("c")]), .string("5")])
        #expect(entries.map(\.variable) == ["PGCTL_EMBEDDED_LOG_VIEWER", "PGCTL_SERVICES_LIST", "PGCTL_TIMEOUT"])
        let config = PgctlConfig(values: PgctlConfig.defaults(environment: [:])
            .merging(["embedded_log_viewer": .string("false")]) { $1 })
        #expect(config.embeddedLogViewer == false)
    }

    @Test("global files: $PREFIX/etc and $HOME, skipped only when PGCTL_NO_GLOBAL_CONFIG is exactly 'true'")
    func standardLocations() {
        let standard = ConfigLocations.standard(environment: ["HOME": "/h"], workingDirectory: "/w")
        #expect(standard.systemDirectory == "/etc")
        #expect(standard.homeDirectory == "/h")
        let prefixed = ConfigLocations.standard(environment: ["HOME": "/h", "PREFIX": "/opt/x"], workingDirectory: "/w")
        #expect(prefixed.systemDirectory == "/opt/x/etc")
        let disabled = ConfigLocations.standard(environment: ["HOME": "/h", "PGCTL_NO_GLOBAL_CONFIG": "true"],
                                                workingDirectory: "/w")
        #expect(disabled.systemDirectory == nil && disabled.homeDirectory == nil)
        let notExactly = ConfigLocations.standard(environment: ["HOME": "/h", "PGCTL_NO_GLOBAL_CONFIG": "TRUE"],
                                                  workingDirectory: "/w")
        #expect(notExactly.systemDirectory == "/etc")
    }

    @Test("the command-line layer: command, config, _unused_force always; the rest only when given")
    func commandLineLayer() {
        let bare = CommandLineConfig.layer(for: CommandLineOptions(command: .start))
        #expect(bare.map(\.key) == ["command", "config", "_unused_force"])
        #expect(bare.map(\.value) == [.string("start"), .null, .bool(false)])
        let all = CommandLineConfig.layer(for: CommandLineOptions(command: .stop, all: true, force: true))
        #expect(all.map(\.key) == ["command", "config", "_unused_force", "services"])
        #expect(all.last?.value == .list([.string("(all services)")]))
        #expect(all[2].value == .bool(true))
        let full = CommandLineConfig.layer(for: CommandLineOptions(
            command: .status, services: ["a", "b"], pgdir: "pg", pghome: "/h", config: "c.yaml", json: true,
            verbose: true, noForce: true))
        #expect(full.map(\.key) == ["command", "config", "_unused_force", "services", "pgdir", "pghome", "json",
                                    "verbose", "no_force"])
    }

    @Test("defaults: pghome follows XDG_RUNTIME_DIR when set and non-empty (spec §9.4)")
    func pghomeDefault() {
        #expect(PgctlConfig.defaults(environment: ["XDG_RUNTIME_DIR": "/herp/derp"])["pghome"] == .string("/herp/derp/pgctl"))
        #expect(PgctlConfig.defaults(environment: ["XDG_RUNTIME_DIR": "~/.herp"])["pghome"] == .string("~/.herp/pgctl"))
        #expect(PgctlConfig.defaults(environment: ["XDG_RUNTIME_DIR": ""])["pghome"] == .string("~/.run/pgctl"))
        #expect(PgctlConfig.defaults(environment: [:])["pghome"] == .string("~/.run/pgctl"))
    }
}
