import ServiceDefinition

/// What `status` shows of dependencies (issue 12): the names a service declares (its files
/// and the `dependencies` key; unreadable declarations show as none — `status` never fails
/// over them, `start` reports them) and, while a start holds it back, what it waits for.
enum DependencyStatus {
    /// Sets `dependencies` and `waitingFor` of `status`.
    static func mark(_ status: inout ServiceReport, of service: Service, context: PgctlContext) {
        var names = Set((try? ServiceDependencies.read(serviceDirectory: service.path))?.declarations.map(\.name) ?? [])
        if let playground = context.playground, PathNormalizer.parent(of: service.path) == PathNormalizer.normalize(playground.path),
           let configured = try? ConfigValidator.dependencies(in: context.config) {
            for entry in configured.entries where entry.service == service.name { names.formUnion(entry.dependencies) }
        }
        status.dependencies = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        if status.state == .down, let awaited = DependencyWaitMarkers.awaited(by: service, pghome: context.pghome) {
            status.waitingFor = awaited
            // Its supervisor may already run, launched down: it has not run, so no exit code.
            status.exitcode = nil
            status.seconds = nil
        }
    }
}
