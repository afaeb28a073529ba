import ServiceDefinition
import Testing
@testable import PgctlCore

/// The dependency graph's orderings and cycle finding, and the `dependencies` file syntax
/// (issue 12).
@Suite("Dependency graph and declarations")
struct DependencyGraphTests {
    private static func graph(_ edges: [String: [String]], extra: [String] = []) -> DependencyGraph {
        let names = Set(edges.keys).union(edges.values.flatMap { $0 }).union(extra)
        let services = names.map { Service(path: "/p/" + $0) }
        var paths: [String: [String]] = [:]
        for (name, targets) in edges { paths["/p/" + name] = targets.map { "/p/" + $0 } }
        return DependencyGraph(services: services, edges: paths)
    }

    private static func services(_ names: [String]) -> [Service] { names.map { Service(path: "/p/" + $0) } }
    private static func names(_ services: [Service]) -> [String] { services.map(\.name) }

    @Test("start order: dependencies first, transitively, roots in their order; no edges: unchanged")
    func startOrder() {
        let g = Self.graph(["web": ["db", "cache"], "front": ["web"], "api": ["db"]], extra: ["solo"])
        #expect(Self.names(g.startOrder(Self.services(["front"]))) == ["cache", "db", "web", "front"])
        #expect(Self.names(g.startOrder(Self.services(["solo", "api", "web"]))) == ["solo", "db", "api", "cache", "web"])
        let plain = Self.graph([:], extra: ["b", "a"])
        #expect(Self.names(plain.startOrder(Self.services(["b", "a", "b"]))) == ["b", "a"])
        #expect(plain.isEmpty && !g.isEmpty)
    }

    @Test("stop order: dependents first, transitively")
    func stopOrder() {
        let g = Self.graph(["web": ["db", "cache"], "front": ["web"], "api": ["db"]])
        #expect(Self.names(g.stopOrder(Self.services(["db"]))) == ["api", "front", "web", "db"])
        #expect(Self.names(g.dependents(of: Service(path: "/p/db"))) == ["api", "web"])
        #expect(Self.names(g.dependencies(of: Service(path: "/p/web"))) == ["cache", "db"])
    }

    @Test("cycles are found and named in order, self-free graphs have none")
    func cycles() {
        #expect(Self.graph(["a": ["b"], "b": ["c"], "c": ["a"]]).cycle() == ["a", "b", "c", "a"])
        #expect(Self.graph(["x": ["b"], "b": ["c"], "c": ["b"]]).cycle() == ["b", "c", "b"])
        #expect(Self.graph(["web": ["db", "cache"], "front": ["web"], "cache": ["db"]]).cycle() == nil)
    }

    @Test("a long chain orders without recursion")
    func longChain() {
        var edges: [String: [String]] = [:]
        for i in 1..<5000 { edges["s\(i)"] = ["s\(i - 1)"] }
        let g = Self.graph(edges)
        #expect(g.startOrder(Self.services(["s4999"])).count == 5000)
        #expect(g.cycle() == nil)
    }

    @Test("the dependencies file: one name a line, blanks trimmed, comments and blank lines skipped")
    func listSyntax() {
        #expect(ServiceDependencies.parseList(Array("db\n  cache \t\n\n# no\n  # nor this\r\nlast".utf8)) == ["db", "cache", "last"])
        #expect(ServiceDependencies.nameProblem("db") == nil)
        #expect(ServiceDependencies.nameProblem("a/b") == .nameWithSlash("a/b"))
        #expect(ServiceDependencies.nameProblem("..") == .notAServiceName(".."))
        #expect(ServiceDependencies.nameProblem("two words") == .notAServiceName("two words"))
    }
}
