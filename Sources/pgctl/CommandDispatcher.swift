import PgctlCore

/// Runs one pgctl command: loads the configuration, builds the context, resolves services and
/// hands them to the engine (`ServiceCommands`) — or prints the configuration, or refuses to
/// reload.
enum CommandDispatcher {
    static func run(_ options: CommandLineOptions, environment: [String: String],
                    workingDirectory: String) throws(PgctlError) {
        // `completion` reads no configuration: its script is the same everywhere.
        if options.command == .completion {
            // The command line checked the operand (PgctlCommandLine).
            let shell = (try? CompletionShell.parse(options.services)) ?? .bash
            let catalog = CompletionCatalog.pgctl(descriptions: OptionHelpText.descriptions(in: Usage.help))
            Output.standardOutput(shell.script(catalog))
            return
        }
        let loaded = try ConfigLoader.load(options: options, environment: environment,
                                           workingDirectory: workingDirectory)
        loaded.warnings.forEach(Output.warning)
        // `config` needs no playground and checks no key (an empty --pgdir is shown, not refused).
        if options.command == .config {
            Output.standardOutput(PythonJSONEncoder.encode(loaded.config.values) + "\n")
            return
        }
        let context = try PgctlContext.load(command: options.command, config: loaded.config,
                                            environment: environment, workingDirectory: workingDirectory)
        let commands = ServiceCommands(context: context)
        switch options.command {
        case .config, .completion: break  // printed above
        case .reload:
            let services = try resolve(options, context, mustExist: false)
            Output.message("reload: \(names(services))")
            throw PgctlError("reloading is not yet implemented.")
        case .debug:
            let services = try resolve(options, context, mustExist: false)
            guard services.count == 1, let service = services.first else {
                throw PgctlError("Must debug exactly one service, not: \(names(services))")
            }
            try ServiceResolver.checkExistence(of: services, context: context)
            try commands.debug(service)
        case .start: try commands.start(try resolve(options, context))
        case .stop: try commands.stop(try resolve(options, context))
        case .restart: try commands.restart(try resolve(options, context))
        case .status: try commands.status(try resolve(options, context))
        case .log: try commands.log(try resolve(options, context), options: options.log)
        case .wait:
            try commands.wait(try resolve(options, context), for: options.waitFor ?? .ready,
                              timeout: options.waitTimeout ?? context.config.timeout)
        }
    }

    private static func resolve(_ options: CommandLineOptions, _ context: PgctlContext,
                                mustExist: Bool = true) throws(PgctlError) -> [Service] {
        try ServiceResolver.resolve(arguments: options.services, all: options.all, context: context,
                                    mustExist: mustExist)
    }

    private static func names(_ services: [Service]) -> String {
        services.map(\.name).joined(separator: ", ")
    }
}
