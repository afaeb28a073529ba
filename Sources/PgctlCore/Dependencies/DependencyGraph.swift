/// Which services depend on which (issue 12), checked: every edge leads to a known service, no
/// service depends on itself, there is no cycle. Built by ``DependencyLoader``; pure, so the
/// orderings are cheap (a few microseconds for hundreds of services).
struct DependencyGraph {
    /// Every service the graph knows, sorted by path.
    let services: [Service]
    /// The index of each service in ``services``, by path.
    private let index: [String: Int]
    /// For each service (by index), the services it depends on, in path order (name order
    /// within one playground).
    private let dependencies: [[Int]]
    /// For each service, the services that depend on it, in path order.
    private let dependents: [[Int]]

    /// A graph of `services` with `edges` (dependent path → dependency paths). Edges to
    /// unknown paths are ignored (``DependencyLoader`` refuses them first).
    init(services: [Service], edges: [String: [String]]) {
        let sorted = services.uniquedKeepingFirst().sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var index: [String: Int] = [:]
        for (i, service) in sorted.enumerated() { index[service.path] = i }
        var dependencies = [[Int]](repeating: [], count: sorted.count)
        var dependents = [[Int]](repeating: [], count: sorted.count)
        for (i, service) in sorted.enumerated() {
            guard let declared = edges[service.path] else { continue }
            // Index order is path order: name order within one playground.
            dependencies[i] = Set(declared.compactMap { index[$0] }).sorted()
            for target in dependencies[i] { dependents[target].append(i) }
        }
        // Appended in increasing dependent index: already sorted.
        self.services = sorted
        self.index = index
        self.dependencies = dependencies
        self.dependents = dependents
    }

    /// How many edges (service → a service it depends on) there are.
    var edgeCount: Int { dependencies.reduce(0) { $0 + $1.count } }

    /// Whether no service declares a dependency.
    var isEmpty: Bool { dependencies.allSatisfy(\.isEmpty) }

    /// The services `service` depends on directly, in path order (name order within one
    /// playground).
    func dependencies(of service: Service) -> [Service] {
        guard let i = index[service.path] else { return [] }
        return dependencies[i].map { services[$0] }
    }

    /// The services that depend on `service` directly, in path order.
    func dependents(of service: Service) -> [Service] {
        guard let i = index[service.path] else { return [] }
        return dependents[i].map { services[$0] }
    }

    /// `roots` and everything they depend on, transitively, dependencies before their
    /// dependents: a depth-first walk from each root in the given order, each service placed
    /// after all it depends on. Without dependencies this is `roots` unchanged.
    func startOrder(_ roots: [Service]) -> [Service] {
        walk(roots, edges: dependencies)
    }

    /// `roots` and everything that depends on them, transitively, dependents before the
    /// services they depend on (the order to stop them in).
    func stopOrder(_ roots: [Service]) -> [Service] {
        walk(roots, edges: dependents)
    }

    /// A post-order walk along `edges` from `roots` (services unknown to the graph are kept,
    /// with no edges).
    private func walk(_ roots: [Service], edges: [[Int]]) -> [Service] {
        var placed = Set<String>()
        var order: [Service] = []
        var visited = [Bool](repeating: false, count: services.count)
        for root in roots where !placed.contains(root.path) {
            guard let start = index[root.path] else {
                placed.insert(root.path)
                order.append(root)
                continue
            }
            guard !visited[start] else { continue }
            // Iterative depth-first walk: (node, next edge to follow).
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            visited[start] = true
            while let top = stack.last {
                let targets = edges[top.node]
                if top.next < targets.count {
                    stack[stack.count - 1].next += 1
                    let target = targets[top.next]
                    if !visited[target] {
                        visited[target] = true
                        stack.append((target, 0))
                    }
                } else {
                    stack.removeLast()
                    let service = services[top.node]
                    if placed.insert(service.path).inserted { order.append(service) }
                }
            }
        }
        return order
    }

    /// A dependency cycle, as the names along it with the first repeated at the end
    /// (`[a, b, c, a]`), or nil when there is none. Deterministic: services are tried in path
    /// order and dependencies in path order.
    func cycle() -> [String]? {
        // 0: not seen, 1: on the current path, 2: done.
        var state = [UInt8](repeating: 0, count: services.count)
        for start in services.indices where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                let targets = dependencies[top.node]
                if top.next < targets.count {
                    stack[stack.count - 1].next += 1
                    let target = targets[top.next]
                    if state[target] == 1 {
                        let path = stack.map(\.node)
                        let from = path.firstIndex(of: target) ?? 0
                        return (path[from...] + [target]).map { services[$0].name }
                    }
                    if state[target] == 0 {
                        state[target] = 1
                        stack.append((target, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        return nil
    }
}
