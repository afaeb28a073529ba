import ServiceDefinition
import SuperviseSystem

/// Builds the checked ``DependencyGraph`` of a command (issue 12), before anything moves: the
/// declarations of every service of the playground (and of the services named by path
/// outside it) — `dependencies.d/`, `dependencies`, the `dependencies` configuration key — each
/// name resolved to a service of the same playground. Bad input is a ``PgctlError`` naming the
/// file (or the configuration file and key): an unreadable file, a name with `/`, a service
/// depending on itself, an unknown name, an alias, a cycle.
enum DependencyLoader {
    /// The graph for a command acting on `requested`.
    static func load(context: PgctlContext, requested: [Service]) throws(PgctlError) -> DependencyGraph {
        try loadTimed(context: context, requested: requested).graph
    }

    /// ``load(context:requested:)``, also saying how much CPU time reading the declarations
    /// took (the rest is building, checking and ordering the graph), for the timing trace.
    static func loadTimed(context: PgctlContext, requested: [Service]) throws(PgctlError) -> (graph: DependencyGraph, readingCPU: Double) {
        let readingStart = ThreadCPUClock.seconds()
        var readingCPU = 0.0
        let playgroundServices = try context.playground?.services() ?? []
        var services = (playgroundServices + requested).uniquedKeepingFirst()
        var known = Set(services.map(\.path))
        let aliases = try ConfigValidator.aliases(in: context.config)
        let playgroundPath = context.playground.map { PathNormalizer.normalize($0.path) }
        var edges: [String: [String]] = [:]
        var next = 0
        while next < services.count {
            let service = services[next]
            next += 1
            let declared: ServiceDependencies
            do {
                declared = try ServiceDependencies.read(serviceDirectory: service.path)
            } catch {
                throw PgctlError(error.message(showingFile: PathDisplay.relative(error.file, to: context.workingDirectory)))
            }
            guard !declared.declarations.isEmpty else { continue }
            let base = PathNormalizer.parent(of: service.path)
            for declaration in declared.declarations {
                let target = PathNormalizer.join(base, declaration.name)
                if !known.contains(target) {
                    let shown = PathDisplay.relative(declaration.file, to: context.workingDirectory)
                    // Outside the playground, the service's own directory is its playground.
                    guard base != playgroundPath, DirectoryWalk.isDirectory(target) else {
                        throw unknown(declaration.name, at: shown, aliases: aliases)
                    }
                    known.insert(target)
                    services.append(Service(path: target))
                }
                edges[service.path, default: []].append(target)
            }
        }
        readingCPU = ThreadCPUClock.seconds() - readingStart
        try addConfigured(to: &edges, known: known, context: context, aliases: aliases)
        let graph = DependencyGraph(services: services, edges: edges)
        if let cycle = graph.cycle() {
            throw PgctlError("dependency cycle: " + cycle.joined(separator: " -> "))
        }
        return (graph, readingCPU)
    }

    /// The edges of the `dependencies` configuration key, which names services of the
    /// playground.
    private static func addConfigured(to edges: inout [String: [String]], known: Set<String>, context: PgctlContext,
                                      aliases: [String: [String]]) throws(PgctlError) {
        let configured = try ConfigValidator.dependencies(in: context.config)
        guard !configured.entries.isEmpty else { return }
        guard let playground = context.playground.map({ PathNormalizer.normalize($0.path) }) else { return }
        for entry in configured.entries {
            let service = PathNormalizer.join(playground, entry.service)
            if let problem = ServiceDependencies.nameProblem(entry.service) {
                throw PgctlError("\(entry.origin): \(ServiceDependenciesError(file: "", problem: problem).reason)")
            }
            guard known.contains(service) else { throw PgctlError("\(entry.origin): no such service '\(entry.service)'") }
            for name in entry.dependencies {
                if let problem = ServiceDependencies.nameProblem(name) {
                    throw PgctlError("\(entry.origin): \(ServiceDependenciesError(file: "", problem: problem).reason)")
                }
                guard name != entry.service else { throw PgctlError("\(entry.origin): service '\(name)' depends on itself") }
                let target = PathNormalizer.join(playground, name)
                guard known.contains(target) else { throw unknown(name, at: entry.origin, aliases: aliases) }
                edges[service, default: []].append(target)
            }
        }
    }

    /// The error for a dependency `name` that is no service: `<where>: no such service 'x'`,
    /// or that it is an alias.
    private static func unknown(_ name: String, at place: String, aliases: [String: [String]]) -> PgctlError {
        if aliases[name] != nil {
            return PgctlError("\(place): '\(name)' is an alias, not a service (aliases cannot be dependencies: name its services)")
        }
        return PgctlError("\(place): no such service '\(name)'")
    }
}
