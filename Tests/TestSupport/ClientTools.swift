import Foundation

/// Runs our s6 client tools (`s6-svc`, `s6-svstat`, `s6-svok`, `s6-svwait`) and the real
/// s6 2.11 ones on the same service directories, for output comparisons.
public enum ClientTools {
    /// Runs our `tool` (e.g. `s6-svstat`) with `arguments`.
    public static func ours(_ tool: String, _ arguments: [String], timeout: Double = 30) throws -> CommandResult {
        try Command.run(Executables.ours(tool), arguments, timeout: timeout)
    }

    /// Runs the real s6 `tool` with `arguments` (the caller checks `RealS6.isInstalled`).
    public static func real(_ tool: String, _ arguments: [String], timeout: Double = 30) throws -> CommandResult {
        try Command.run(RealS6.tool(tool), arguments, timeout: timeout)
    }

    /// `text` with every `<digits> seconds` replaced by `# seconds`: durations depend on when
    /// the tool ran.
    public static func normalizingSeconds(_ text: String) -> String {
        text.replacing(/[0-9]+ seconds/, with: "# seconds")
    }

    /// Compares our tool with the real one on the same arguments. The real tool runs before and
    /// after ours, and ours must match one of the two runs exactly (a second may tick between
    /// two runs, changing durations printed as plain numbers by `-o updownfor`); `normalize`
    /// is applied to every output first.
    public static func compare(_ tool: String, _ arguments: [String], timeout: Double = 30,
                               normalize: (String) -> String = { $0 }) throws -> ClientComparison {
        let before = try real(tool, arguments, timeout: timeout)
        let mine = try ours(tool, arguments, timeout: timeout)
        let after = try real(tool, arguments, timeout: timeout)
        return ClientComparison(tool: tool, arguments: arguments, ours: mine.normalized(normalize),
                                realBefore: before.normalized(normalize), realAfter: after.normalized(normalize))
    }
}

/// The outcome of running our tool and the real one on the same arguments.
public struct ClientComparison: CustomStringConvertible {
    /// The tool's name.
    public var tool: String
    /// The arguments both got.
    public var arguments: [String]
    /// What ours did.
    public var ours: CommandResult
    /// What the real tool did just before and just after.
    public var realBefore: CommandResult
    public var realAfter: CommandResult

    /// Whether ours printed exactly what one of the real runs printed and exited alike.
    public var matches: Bool { ours.sameAs(realBefore) || ours.sameAs(realAfter) }

    public var description: String {
        "\(tool) \(arguments.joined(separator: " "))\n--- ours:\n\(ours)\n--- real:\n\(realBefore)"
    }
}

extension CommandResult {
    /// Same exit code, stdout and stderr.
    public func sameAs(_ other: CommandResult) -> Bool {
        exitCode == other.exitCode && stdout == other.stdout && stderr == other.stderr
    }

    /// The result with `transform` applied to stdout and stderr.
    public func normalized(_ transform: (String) -> String) -> CommandResult {
        CommandResult(exitCode: exitCode, stdout: transform(stdout), stderr: transform(stderr))
    }
}
