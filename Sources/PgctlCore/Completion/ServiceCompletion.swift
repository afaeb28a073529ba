/// The answer to `pgctl __complete services WORD...`: the service names and aliases of the
/// playground the typed line would act on (found from the working directory, honouring a
/// `--pgdir`, `--pghome` or `--config` typed earlier), one per line, sorted, without the
/// names already typed. Anything that goes wrong (no playground, a bad configuration file)
/// gives no names: completion must never print errors into the user's line.
public enum ServiceCompletion {
    /// The candidates for the line whose earlier words are `words`.
    public static func candidates(typed words: [String], environment: [String: String],
                                  workingDirectory: String) -> [String] {
        let typed = TypedWords(words, catalog: .pgctl())
        let options = CommandLineOptions(command: .status, pgdir: typed.values["pgdir"],
                                         pghome: typed.values["pghome"], config: typed.values["config"])
        guard workingDirectory.hasPrefix("/"),
              let loaded = try? ConfigLoader.load(options: options, environment: environment,
                                                  workingDirectory: workingDirectory),
              let pgdir = try? ConfigValidator.text(.pgdir, in: loaded.config),
              let playground = PlaygroundLocator.find(pgdir: pgdir, workingDirectory: workingDirectory),
              let services = try? playground.services()
        else { return [] }
        let aliases = (try? ConfigValidator.aliases(in: loaded.config)) ?? [:]
        let already = Set(typed.operands)
        let names = Set(services.map(\.name)).union(aliases.keys)
        // One name per line: a name with a newline in it cannot be offered.
        return names.filter { !already.contains($0) && !$0.contains("\n") && !$0.isEmpty }
            .sorted()
    }
}
