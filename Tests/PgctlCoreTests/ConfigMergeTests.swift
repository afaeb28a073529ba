@testable import PgctlCore
import Testing

@Suite("Configuration merging")
struct ConfigMergeTests {
    @Test("later layers win key by key; untouched keys survive (spec §9.8)")
    func laterWins() {
        let merged = ConfigMerger.merge(["a": .int(1), "b": .int(2)], ["b": .int(3), "c": .int(4)])
        #expect(merged == ["a": .int(1), "b": .int(3), "c": .int(4)])
    }

    @Test("nested mappings combine key-wise, recursively")
    func mappingsMerge() {
        let base: [String: ConfigValue] = ["aliases": .mapping([
            "default": .list([.string("a")]),
            "deep": .mapping(["x": .int(1), "y": .int(2)]),
        ])]
        let overlay: [String: ConfigValue] = ["aliases": .mapping([
            "web": .list([.string("b")]),
            "deep": .mapping(["y": .int(3)]),
        ])]
        #expect(ConfigMerger.merge(base, overlay) == ["aliases": .mapping([
            "default": .list([.string("a")]),
            "web": .list([.string("b")]),
            "deep": .mapping(["x": .int(1), "y": .int(3)]),
        ])])
    }

    @Test("a scalar replaces a mapping, and a mapping replaces a scalar")
    func scalarVersusMapping() {
        let mapping: [String: ConfigValue] = ["k": .mapping(["x": .int(1)])]
        let scalar: [String: ConfigValue] = ["k": .string("flat")]
        #expect(ConfigMerger.merge(mapping, scalar) == scalar)
        #expect(ConfigMerger.merge(scalar, mapping) == mapping)
    }

    @Test("lists are replaced, not concatenated")
    func listsReplace() {
        let merged = ConfigMerger.merge(["services": .list([.string("a"), .string("b")])],
                                        ["services": .list([.string("c")])])
        #expect(merged == ["services": .list([.string("c")])])
    }

    @Test("provenance follows the layer that last set each key path")
    func provenance() {
        var merger = ConfigMerger()
        merger.apply(["timeout": .string("2.0"), "aliases": .mapping(["default": .list([])])], from: .defaults)
        merger.apply(["aliases": .mapping(["web": .list([.string("w")])])], from: .file("/p/pgctl.yaml"))
        merger.apply(["timeout": .string("abc")], from: .environment("PGCTL_TIMEOUT"))
        let config = merger.config
        #expect(config.source(of: ["timeout"]) == .environment("PGCTL_TIMEOUT"))
        #expect(config.source(of: ["aliases", "web"]) == .file("/p/pgctl.yaml"))
        #expect(config.source(of: ["aliases", "default"]) == .defaults)

        merger.apply(["aliases": .string("flat")], from: .commandLine("--x"))
        #expect(merger.config.source(of: ["aliases", "web"]) == .commandLine("--x"))
    }
}
