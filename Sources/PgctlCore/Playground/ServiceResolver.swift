/// Turns the user's service arguments into services (spec §1.2, §1.3).
public enum ServiceResolver {
    /// Resolves service arguments.
    ///
    /// - With `all`, the list is `(all services)` (ignoring any `default` alias override);
    ///   else the arguments, or the configured `services` (default `["default"]`) when none.
    /// - Aliases are expanded (``AliasExpander``); `(all services)` becomes every service of
    ///   the playground.
    /// - A name is a path relative to the playground (normalised, so `./web` == `web`); an
    ///   absolute path names any directory and needs no playground.
    /// - Duplicates are removed, the first occurrence wins.
    /// - With `mustExist`, the first service whose directory is missing fails with
    ///   `No such service: '<path>'` (relative to the working directory when under it).
    ///
    /// Needing the playground when there is none fails with `could not find any directory
    /// named '<pgdir>'`.
    public static func resolve(arguments: [String], all: Bool, context: PgctlContext,
                               mustExist: Bool = true) throws(PgctlError) -> [Service] {
        let config = context.config
        let requested = all ? [AliasExpander.allServices]
            : arguments.isEmpty ? try ConfigValidator.serviceNames(in: config) : arguments
        let names = try AliasExpander.expand(requested, aliases: try ConfigValidator.aliases(in: config))

        var paths: [String] = []
        // Services just found by listing the playground are directories: not stat'ed again.
        var listed: Set<String> = []
        for name in names {
            if name == AliasExpander.allServices {
                let found = try playground(of: context).services().map(\.path)
                paths += found
                listed.formUnion(found)
            } else if name.hasPrefix("/") {
                paths.append(PathNormalizer.normalize(name))
            } else {
                paths.append(try servicePath(named: name, in: playground(of: context),
                                             workingDirectory: context.workingDirectory))
            }
        }
        let services = paths.uniquedKeepingFirst().map(Service.init(path:))
        if mustExist { try checkExistence(of: services.filter { !listed.contains($0.path) }, context: context) }
        return services
    }

    /// Fails with `No such service: '<path>'` for the first service whose directory does
    /// not exist.
    public static func checkExistence(of services: [Service], context: PgctlContext) throws(PgctlError) {
        for service in services where !DirectoryWalk.isDirectory(service.path) {
            throw noSuchService(service.path, workingDirectory: context.workingDirectory)
        }
    }

    /// The error for a missing service directory.
    public static func noSuchService(_ path: String, workingDirectory: String) -> PgctlError {
        PgctlError("No such service: '\(PathDisplay.relative(path, to: workingDirectory))'")
    }

    private static func playground(of context: PgctlContext) throws(PgctlError) -> Playground {
        guard let playground = context.playground else {
            throw PlaygroundLocator.notFound(pgdir: context.config.pgdir)
        }
        return playground
    }

    /// `<playground>/<name>`, normalised. A name that normalises to the playground itself or
    /// one of its ancestors (``, `.`, `..`) names no service.
    private static func servicePath(named name: String, in playground: Playground,
                                    workingDirectory: String) throws(PgctlError) -> String {
        let path = PathNormalizer.join(playground.path, name)
        if path == playground.path || playground.path.hasPrefix(path == "/" ? "/" : path + "/") {
            let shown = PathDisplay.relative(playground.path, to: workingDirectory)
            throw PgctlError("No such service: '\(shown == "." ? name : shown + "/" + name)'")
        }
        return path
    }
}
