extension PgctlContext {
    /// The context for running `command` with a merged configuration: validates the keys the
    /// command uses (``PgctlCommand/configKeys``), resolves `pghome` and looks for the
    /// playground. A missing playground is not an error here — only commands that need it
    /// fail, when they do (absolute service paths work without one).
    public static func load(command: PgctlCommand, config: PgctlConfig, environment: [String: String],
                            workingDirectory: String) throws(PgctlError) -> PgctlContext {
        try ConfigValidator.check(command.configKeys, in: config)
        let pgdir = try ConfigValidator.text(.pgdir, in: config)
        let pghome = Pghome.resolve(try ConfigValidator.text(.pghome, in: config),
                                    environment: environment, workingDirectory: workingDirectory)
        return PgctlContext(
            config: config,
            playground: PlaygroundLocator.find(pgdir: pgdir, workingDirectory: workingDirectory),
            workingDirectory: workingDirectory,
            environment: environment,
            pghome: pghome)
    }
}
