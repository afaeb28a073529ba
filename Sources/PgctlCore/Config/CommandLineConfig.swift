/// The command-line layer (spec §3.1 item 7) as `pgctl config` shows it.
///
/// `command`, `config` and `_unused_force` are always set; `services` only when service
/// arguments or `--all` were given; `pgdir`/`pghome` only when given; and — unlike 5.2.1,
/// whose command-line defaults overrode files and environment — `json`, `verbose` and
/// `no_force` only when their flag was given.
public enum CommandLineConfig {
    /// The layer values and, per key, the option they came from.
    public static func layer(for options: CommandLineOptions) -> [(key: String, value: ConfigValue, option: String)] {
        var entries: [(key: ConfigKey, value: ConfigValue, option: String)] = [
            (.command, .string(options.command.rawValue), "command"),
            (.config, options.config.map(ConfigValue.string) ?? .null, "--config"),
            (.unusedForce, .bool(options.force), "--force"),
        ]
        if options.all {
            entries.append((.services, .list([.string(AliasExpander.allServices)]), "--all"))
        } else if !options.services.isEmpty {
            entries.append((.services, .list(options.services.map(ConfigValue.string)), "services"))
        }
        if let pgdir = options.pgdir { entries.append((.pgdir, .string(pgdir), "--pgdir")) }
        if let pghome = options.pghome { entries.append((.pghome, .string(pghome), "--pghome")) }
        if options.json { entries.append((.json, .bool(true), "--json")) }
        if options.verbose { entries.append((.verbose, .bool(true), "--verbose")) }
        if options.noForce { entries.append((.noForce, .bool(true), "--no-force")) }
        return entries.map { ($0.key.rawValue, $0.value, $0.option) }
    }
}
