@testable import PgctlCore
import Testing

@Suite("Alias expansion")
struct AliasExpansionTests {
    /// The `output` example's aliases (spec §8), with `default` as a plain string.
    private let output: [String: [String]] = ["default": ["a"], "a": ["ohhi", "sweet"], "b": ["c"], "c": ["b"]]

    @Test("depth-first, order kept; a name that is not an alias is a service")
    func depthFirst() throws {
        let aliases = ["all": ["x", "inner", "y"], "inner": ["p", "q"]]
        #expect(try AliasExpander.expand(["all", "z"], aliases: aliases) == ["x", "p", "q", "y", "z"])
        #expect(try AliasExpander.expand(["plain"], aliases: aliases) == ["plain"])
        #expect(try AliasExpander.expand([], aliases: aliases) == [])
    }

    @Test("the default alias and aliases of aliases (spec §9.24, §9.26)")
    func defaultAlias() throws {
        #expect(try AliasExpander.expand(["default"], aliases: output) == ["ohhi", "sweet"])
        #expect(try AliasExpander.expand(["a"], aliases: output) == ["ohhi", "sweet"])
    }

    @Test("a real cycle is an error naming the alias visited twice (spec §9.25)")
    func cycle() {
        #expect(throws: PgctlError("Circular aliases! Visited twice during alias expansion: 'b'")) {
            try AliasExpander.expand(["b"], aliases: output)
        }
        #expect(throws: PgctlError("Circular aliases! Visited twice during alias expansion: 'self'")) {
            try AliasExpander.expand(["self"], aliases: ["self": ["x", "self"]])
        }
        #expect(throws: PgctlError("Circular aliases! Visited twice during alias expansion: 'a'")) {
            try AliasExpander.expand(["top"], aliases: ["top": ["a"], "a": ["b"], "b": ["a"]])
        }
    }

    @Test("listing a service or an alias twice is not a cycle (spec §10.1.16, fixed)")
    func repeatsAreFine() throws {
        #expect(try AliasExpander.expand(["default"], aliases: ["default": ["sweet", "sweet"]]) == ["sweet", "sweet"])
        #expect(try AliasExpander.expand(["both"], aliases: ["both": ["pair", "pair"], "pair": ["x", "y"]])
                == ["x", "y", "x", "y"])
        #expect(try AliasExpander.expand(["pair", "pair"], aliases: ["pair": ["x"]]) == ["x", "x"])
    }

    @Test("'(all services)' is passed through for the resolver")
    func allServices() throws {
        #expect(try AliasExpander.expand(["default", "x"], aliases: ["default": ["(all services)"]])
                == ["(all services)", "x"])
    }

    @Test("a plain-string alias value is one name, not characters (spec §10.1.16, fixed)")
    func plainString() throws {
        let config = PgctlConfig(values: ["aliases": .mapping(["default": .string("sweet")])])
        let aliases = try ConfigValidator.aliases(in: config)
        #expect(try AliasExpander.expand(["default"], aliases: aliases) == ["sweet"])
    }
}
