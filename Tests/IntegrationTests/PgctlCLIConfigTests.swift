import Foundation
import Testing
import TestSupport

@Suite("pgctl config (spec §2.12, §9.4, §9.6–9.8)")
struct PgctlCLIConfigTests {
    /// Parses `pgctl config` output.
    private func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard let mapping = object as? [String: Any] else { throw TestFailure("not a JSON object: \(text)") }
        return mapping
    }

    @Test("outside any playground: the defaults and command-line keys, byte for byte")
    func defaults() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["config"])
        #expect(result.stderr == "")
        #expect(result.exitCode == 0)
        #expect(result.stdout == """
            {
                "_unused_force": false,
                "aliases": {
                    "default": [
                        "(all services)"
                    ]
                },
                "command": "config",
                "config": null,
                "dependencies": {},
                "embedded_log_viewer": true,
                "environment_process_tracing": true,
                "json": false,
                "no_force": false,
                "no_global_config": "true",
                "pgdir": "playground",
                "pghome": "~/.run/pgctl",
                "poll": ".01",
                "services": [
                    "default"
                ],
                "telemetry": false,
                "telemetry_clog_config_path": null,
                "timeout": "2.0",
                "verbose": false
            }

            """)
    }

    @Test("pghome follows XDG_RUNTIME_DIR (spec §9.4)", arguments: [
        ("/herp/derp", "/herp/derp/pgctl"), ("~/.herp", "~/.herp/pgctl"), ("", "~/.run/pgctl"),
    ])
    func pghome(runtime: String, expected: String) throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["config"], environment: ["XDG_RUNTIME_DIR": runtime])
        #expect(result.exitCode == 0)
        let config = try json(result.stdout)
        #expect(config["pghome"] as? String == expected)
        #expect(config["aliases"] != nil && config["verbose"] != nil)
    }

    @Test("command-line keys: services, --all, flags anywhere, hidden --force, PGCTL_* variables")
    func commandLineKeys() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["--verbose", "config", "a", "b", "--json", "--force", "--pgdir=pg", "--pghome", "/s"],
                                 environment: ["PGCTL_SOMETHING_LIST": "x y", "PGCTL_NO_FORCE": "yes"])
        #expect(result.exitCode == 0)
        let config = try json(result.stdout)
        #expect(config["services"] as? [String] == ["a", "b"])
        #expect(config["json"] as? Bool == true)
        #expect(config["verbose"] as? Bool == true)
        #expect(config["_unused_force"] as? Bool == true)
        #expect(config["pgdir"] as? String == "pg")
        #expect(config["pghome"] as? String == "/s")
        #expect(config["something"] as? [String] == ["x", "y"])
        #expect(config["no_force"] as? String == "yes")
        let all = try json(try cli.run(["config", "-a"]).stdout)
        #expect(all["services"] as? [String] == ["(all services)"])
    }

    @Test("PGCTL_VERBOSE is the trace level and does not turn on verbose")
    func verboseVariable() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let config = try json(try cli.run(["config"], environment: ["PGCTL_VERBOSE": "3"]).stdout)
        #expect(config["verbose"] as? Bool == false)
    }

    @Test("every layer contributes (spec §9.6): /etc, ~, project files, environment, --config")
    func everyLayer() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.file("etc/pgctl.conf", "[pgctl]\netc = etc\n")
        try cli.file("home/.pgctl.json", #"{"home": "home"}"#)
        try cli.file("app/pgctl.ini", "[pgctl]\napp = app\napps_list = 1 2 3\n")
        try cli.file("app/a/pgctl.yaml", "app/a: app/a\n")
        try cli.file("app/a/b/pgctl.yaml", "app/b: app/b\n")
        try cli.file("app/a/b/c/pgctl.junk", "ignored")
        try cli.file("app/a/b/c/foo.json", #"{"foo": "foo"}"#)
        let result = try cli.run(["config", "--config", "foo.json"], in: "app/a/b/c", environment: [
            "PGCTL_NO_GLOBAL_CONFIG": nil, "PREFIX": cli.root, "PGCTL_ENVIRON": "environ",
            "PGCTL_ENVIRONS_LIST": "1 2 3",
        ])
        #expect(result.exitCode == 0)
        let config = try json(result.stdout)
        for key in ["etc", "home", "app", "app/a", "app/b", "environ", "foo"] {
            #expect(config[key] as? String == key, "key \(key)")
        }
        #expect(config["apps"] as? [String] == ["1", "2", "3"])
        #expect(config["environs"] as? [String] == ["1", "2", "3"])
        #expect(config["config"] as? String == "foo.json")
        let root = cli.root
        #expect(result.stderr == [
            "[pgctl] WARNING: unknown configuration key 'etc' in \(root)/etc/pgctl.conf",
            "[pgctl] WARNING: unknown configuration key 'home' in \(root)/home/.pgctl.json",
            "[pgctl] WARNING: unknown configuration key 'app' in \(root)/app/pgctl.ini",
            "[pgctl] WARNING: unknown configuration key 'apps' in \(root)/app/pgctl.ini",
            "[pgctl] WARNING: unknown configuration key 'app/a' in \(root)/app/a/pgctl.yaml",
            "[pgctl] WARNING: unknown configuration key 'app/b' in \(root)/app/a/b/pgctl.yaml",
            "[pgctl] WARNING: unknown configuration key 'foo' in foo.json",
        ].map { $0 + "\n" }.joined())
    }

    @Test("global files are skipped when PGCTL_NO_GLOBAL_CONFIG=true")
    func noGlobal() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.file("home/.pgctl.yaml", "timeout: 7\n")
        let skipped = try json(try cli.run(["config"]).stdout)
        #expect(skipped["timeout"] as? String == "2.0")
        let read = try json(try cli.run(["config"], environment: ["PGCTL_NO_GLOBAL_CONFIG": "false"]).stdout)
        #expect(read["timeout"] as? Int == 7)
    }

    @Test("two configurations in one directory are ambiguous; other extensions are skipped (spec §9.7)")
    func ambiguous() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.file("p/pgctl.ini", "[pgctl]\n")
        try cli.file("p/pgctl.conf", "[pgctl]\n")
        try cli.file("q/pgctl.nonsense", "whatever")
        let result = try cli.run(["config"], in: "p")
        #expect(result.stdout == "")
        #expect(result.stderr == "[pgctl] ERROR: multiple configurations found at \(cli.root)/p/pgctl.*\n")
        #expect(result.exitCode == 1)
        #expect(try cli.run(["config"], in: "q").exitCode == 0)
    }

    @Test("parent files merge, nearest wins, mappings combine (spec §9.8)")
    func parentMerge() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        try cli.file("r/pgctl.json", #"{"a": 1, "b": 2, "aliases": {"web": ["w"]}}"#)
        try cli.file("r/a/b/c/pgctl.json", #"{"b": 3, "c": 4, "aliases": {"db": ["d"]}}"#)
        let config = try json(try cli.run(["config"], in: "r/a/b/c").stdout)
        #expect(config["a"] as? Int == 1)
        #expect(config["b"] as? Int == 3)
        #expect(config["c"] as? Int == 4)
        let aliases = config["aliases"] as? [String: [String]]
        #expect(aliases == ["default": ["(all services)"], "web": ["w"], "db": ["d"]])
    }

    @Test("a missing --config file is an error, exit 1")
    func missingConfigFile() throws {
        let cli = try PgctlCLI()
        defer { cli.remove() }
        let result = try cli.run(["config", "--config", "nope.yaml"])
        #expect(result.stdout == "")
        #expect(result.stderr == "[pgctl] ERROR: nope.yaml: No such file or directory\n")
        #expect(result.exitCode == 1)
    }
}
