import ServiceDefinition

/// What `status` shows of dependencies (issue 12): the names a service declares (its files
/// and the `dependencies` key; unreadable declarations show as none — `status` never fails
/// over them, `start` reports them) and, while a start holds it back, what it waits for.
/// Made once per `status`: the configured part is worked out once for every service.
struct DependencyStatus {
    /// The `dependencies` key, by service name (services of the context's playground only).
    private let configured: [String: [String]]
    /// The context's playground directory, normalized; nil without a playground.
    private let playgroundPath: String?
    private let pghome: String

    init(context: PgctlContext) {
        pghome = context.pghome
        playgroundPath = context.playground.map { PathNormalizer.normalize($0.path) }
        var configured: [String: [String]] = [:]
        if playgroundPath != nil, let entries = try? ConfigValidator.dependencies(in: context.config).entries {
            for entry in entries { configured[entry.service, default: []] += entry.dependencies }
        }
        self.configured = configured
    }

    /// Sets `dependencies` and `waitingFor` of `status`; `files` are the service's
    /// (``StatusFiles``), which say whether it declares dependencies in files at all.
    func mark(_ status: inout ServiceReport, of service: Service, files: StatusFiles) {
        var names = Set<String>()
        if files.declaresDependencies {
            names.formUnion((try? ServiceDependencies.read(serviceDirectory: service.path))?.declarations.map(\.name) ?? [])
        }
        if let playgroundPath, let listed = configured[service.name], PathNormalizer.parent(of: service.path) == playgroundPath {
            names.formUnion(listed)
        }
        status.dependencies = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if status.state == .down, let awaited = DependencyWaitMarkers.awaited(by: service, pghome: pghome) {
            status.waitingFor = awaited
            // Its supervisor may already run, launched down: it has not run, so no exit code.
            status.exitcode = nil
            status.seconds = nil
        }
    }
}
