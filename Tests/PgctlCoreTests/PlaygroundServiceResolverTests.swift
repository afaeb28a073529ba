@testable import PgctlCore
import Testing

@Suite("Service argument resolution")
struct PlaygroundServiceResolverTests {
    /// A project with `playground/{ohhi,sleep,sweet}` and the `output` example's aliases.
    private func project(aliases: [String: ConfigValue]? = nil, services: ConfigValue? = nil,
                        cwd: String = "proj") throws -> (ConfigTestTree, PgctlContext) {
        let tree = try ConfigTestTree()
        for name in ["ohhi", "sleep", "sweet"] { try tree.directory("proj/playground/" + name) }
        try tree.directory("proj/src")
        var values = PgctlConfig.defaults(environment: [:])
        values["aliases"] = .mapping(aliases ?? [
            "default": .string("a"), "a": .list([.string("ohhi"), .string("sweet")]),
            "b": .list([.string("c")]), "c": .list([.string("b")]),
        ])
        if let services { values["services"] = services }
        let workingDirectory = tree.root + "/" + cwd
        let context = PgctlContext(
            config: PgctlConfig(values: values),
            playground: PlaygroundLocator.find(pgdir: "playground", workingDirectory: workingDirectory),
            workingDirectory: workingDirectory, environment: [:], pghome: tree.root + "/home")
        return (tree, context)
    }

    private func names(_ arguments: [String], all: Bool = false, _ context: PgctlContext) throws -> [String] {
        try ServiceResolver.resolve(arguments: arguments, all: all, context: context).map(\.name)
    }

    @Test("no arguments: the configured services, i.e. the default alias (spec §9.26)")
    func defaults() throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        #expect(try names([], context) == ["ohhi", "sweet"])
        let services = try ServiceResolver.resolve(arguments: [], all: false, context: context)
        #expect(services.first?.path == tree.root + "/proj/playground/ohhi")
    }

    @Test("--all: every service, ignoring the default alias (spec §9.27)")
    func all() throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        #expect(try names([], all: true, context) == ["ohhi", "sleep", "sweet"])
    }

    @Test("the services key: a list, or one name as a plain string")
    func servicesKey() throws {
        let (tree, context) = try project(services: .string("sleep"))
        defer { tree.remove() }
        #expect(try names([], context) == ["sleep"])
    }

    @Test("names are relative to the playground and normalised; duplicates keep the first (spec §1.2)")
    func normalisedAndUnique() throws {
        let (tree, context) = try project(cwd: "proj/src")
        defer { tree.remove() }
        #expect(try names(["./sweet", "sleep/", "sweet", "a"], context) == ["sweet", "sleep", "ohhi"])
    }

    @Test("an absolute path names any directory and needs no playground")
    func absolutePath() throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        let outside = try tree.directory("elsewhere/svc")
        var noPlayground = context
        noPlayground.playground = nil
        let services = try ServiceResolver.resolve(arguments: [outside + "/"], all: false, context: noPlayground)
        #expect(services == [Service(path: outside)])
    }

    @Test("an unknown service: its path relative to the working directory (spec §9.12)")
    func unknown() throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        #expect(throws: PgctlError("No such service: 'playground/unknown'")) { try names(["unknown"], context) }
        var inside = context
        inside.workingDirectory = tree.root + "/proj/playground"
        #expect(throws: PgctlError("No such service: 'unknown'")) { try names(["sleep", "unknown"], inside) }
        var outside = context
        outside.workingDirectory = tree.root + "/proj/src"
        #expect(throws: PgctlError("No such service: '\(tree.root)/proj/playground/unknown'")) {
            try names(["unknown"], outside)
        }
        #expect(throws: PgctlError("No such service: '/no/such/dir'")) { try names(["/no/such/dir"], context) }
    }

    @Test("a file in the playground is not a service")
    func fileIsNoService() throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        try tree.file("proj/playground/pre-start", "#!/bin/sh\n")
        #expect(throws: PgctlError("No such service: 'playground/pre-start'")) { try names(["pre-start"], context) }
    }

    @Test("the playground itself or its parents are not services", arguments: ["", ".", "..", "ohhi/.."])
    func notTheplayground(name: String) throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        #expect(throws: PgctlError("No such service: 'playground/\(name)'")) { try names([name], context) }
    }

    @Test("without mustExist, missing services are returned (reload, debug's count check)")
    func withoutExistence() throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        let services = try ServiceResolver.resolve(arguments: ["abc", "def"], all: false, context: context, mustExist: false)
        #expect(services.map(\.name) == ["abc", "def"])
        #expect(throws: PgctlError("No such service: 'playground/abc'")) {
            try ServiceResolver.checkExistence(of: services, context: context)
        }
    }

    @Test("needing the playground when there is none fails with the discovery message (spec §9.5)")
    func noPlayground() throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        var none = context
        none.playground = nil
        #expect(throws: PgctlError("could not find any directory named 'playground'")) { try names([], none) }
        #expect(throws: PgctlError("could not find any directory named 'playground'")) { try names(["sleep"], none) }
    }

    @Test("alias errors come before existence checks (spec §9.25)")
    func circular() throws {
        let (tree, context) = try project()
        defer { tree.remove() }
        #expect(throws: PgctlError("Circular aliases! Visited twice during alias expansion: 'b'")) {
            try names(["b"], context)
        }
    }

    @Test("bad aliases or services settings fail with the key and source")
    func badSettings() throws {
        let (tree, context) = try project(aliases: ["web": .mapping([:])])
        defer { tree.remove() }
        #expect(throws: PgctlError("configuration: invalid value for 'aliases.web': {} is not a list of names")) {
            try names([], context)
        }
    }

    @Test("PgctlContext.load validates the command's keys, resolves pghome and finds the playground")
    func contextLoad() throws {
        let (tree, base) = try project()
        defer { tree.remove() }
        var values = base.config.values
        values["pghome"] = .string("~/state")
        let context = try PgctlContext.load(command: .status, config: PgctlConfig(values: values),
                                            environment: ["HOME": "/home/u"], workingDirectory: tree.root + "/proj/src")
        #expect(context.pghome == "/home/u/state")
        #expect(context.playground == Playground(path: tree.root + "/proj/playground"))
        values["poll"] = .string("never")
        #expect(throws: PgctlError("configuration: invalid value for 'poll': 'never' is not a number of seconds")) {
            try PgctlContext.load(command: .start, config: PgctlConfig(values: values), environment: [:],
                                  workingDirectory: tree.root)
        }
    }
}
