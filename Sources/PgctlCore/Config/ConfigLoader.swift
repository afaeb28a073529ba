/// Loads and merges every configuration layer (spec §3.1), lowest priority first:
/// built-in defaults, `$PREFIX/etc/pgctl.*`, `$HOME/.pgctl.*`, project `pgctl.*` files from
/// the outermost directory inward, `PGCTL_*` variables, `--config FILE`, the command line.
public enum ConfigLoader {
    /// The merged configuration plus warnings to show the user.
    public struct Result: Sendable {
        /// The merged configuration, remembering where each value came from.
        public var config: PgctlConfig
        /// Texts to print as `[pgctl] WARNING: <text>` (unknown keys in files).
        public var warnings: [String]
        /// The configuration files read, in the order applied.
        public var files: [String]
    }

    /// Loads pgctl's configuration for `options` (nil: no command-line layer) as seen from
    /// `workingDirectory`.
    public static func load(options: CommandLineOptions?, environment: [String: String],
                            workingDirectory: String) throws(PgctlError) -> Result {
        try load(options: options, environment: environment,
                 locations: .standard(environment: environment, workingDirectory: workingDirectory))
    }

    /// Loads the configuration from explicit locations.
    public static func load(options: CommandLineOptions?, environment: [String: String],
                            locations: ConfigLocations) throws(PgctlError) -> Result {
        var merger = ConfigMerger()
        var warnings: [String] = []
        var files: [String] = []
        merger.apply(PgctlConfig.defaults(environment: environment), from: .defaults)

        func applyFile(_ path: String, shownAs shown: String) throws(PgctlError) {
            files.append(path)
            guard let layer = try ConfigFileReader.read(path, displayPath: shown) else { return }
            warnings += ConfigKeys.unknownKeyWarnings(in: layer, file: shown)
            merger.apply(layer, from: .file(shown))
        }

        var globalFiles: [String] = []
        if let system = locations.systemDirectory,
           let file = try ConfigFileFinder.find(in: system, prefix: locations.baseName + ".") {
            globalFiles.append(file)
        }
        if let home = locations.homeDirectory,
           let file = try ConfigFileFinder.find(in: home, prefix: "." + locations.baseName + ".") {
            globalFiles.append(file)
        }
        let projectFiles = try ConfigFileFinder.findUpward(baseName: locations.baseName,
                                                           from: locations.workingDirectory)
        for file in globalFiles + projectFiles.reversed() {
            try applyFile(file, shownAs: file)
        }

        for entry in EnvironmentConfig.entries(from: environment) {
            merger.apply([entry.key: entry.value], from: .environment(entry.variable))
        }

        if let options {
            if let path = options.config {
                try applyFile(PathNormalizer.join(locations.workingDirectory, path), shownAs: path)
            }
            for entry in CommandLineConfig.layer(for: options) {
                merger.apply([entry.key: entry.value], from: .commandLine(entry.option))
            }
        }
        return Result(config: merger.config, warnings: warnings, files: files)
    }
}
