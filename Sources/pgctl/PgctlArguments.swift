import ArgumentParser

/// pgctl's options as swift-argument-parser decodes them. ``ArgparseFrontEnd`` hands it only
/// the options (canonical spellings, values attached); the command word, the services and
/// unknown options are sorted out there, the way 5.2.1's argparse did.
struct PgctlArguments: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pgctl", helpNames: [])

    @Flag(name: [.customShort("h"), .customLong("help")]) var help = false
    @Flag(name: .customLong("version")) var version = false
    @Flag(name: .customLong("verbose")) var verbose = false
    @Option(name: .customLong("pgdir")) var pgdir: String?
    @Option(name: .customLong("pghome")) var pghome: String?
    @Flag(name: .customLong("json")) var json = false
    @Flag(name: .customLong("no-force")) var noForce = false
    @Flag(name: .customLong("force")) var force = false
    @Option(name: .customLong("config")) var config: String?
    @Flag(name: [.customLong("all"), .customShort("a")]) var all = false
}
