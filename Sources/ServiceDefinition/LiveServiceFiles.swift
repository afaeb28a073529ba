import SuperviseStatus

/// The service files as s6-supervise 2.11 reads them: each one at the moment it is needed
/// (`notification-fd` at each spawn of `run`, `timeout-kill` and `down-signal` at each stop,
/// `timeout-finish` at each spawn of `finish`, `max-death-tally` at each death, `down` at
/// start), so an edit takes effect at the next use without restarting the supervisor. A bad
/// file is a warning (`invalid <name>`, `unable to open <name>: …`) and the default, never an
/// error. The readers are the ones ``ServiceDirectoryDefinition`` uses.
public struct LiveServiceFiles {
    /// The service directory (the supervisor runs inside it: `.`).
    public var directory: String
    /// Where warnings go (the supervisor prints them with its `s6-supervise <dir>:` prefix).
    public var warn: (String) -> Void

    /// Reads the files of `directory`, reporting problems through `warn`.
    public init(directory: String = ".", warn: @escaping (String) -> Void) {
        self.directory = directory
        self.warn = warn
    }

    private func path(_ file: ServiceFileName) -> String { file.path(in: directory) }
    private func number(_ file: ServiceFileName) -> UInt64? { NumberFile.read(at: path(file), warn: warn) }

    /// `notification-fd`: the descriptor number for the readiness pipe, if the file holds a
    /// number. Like s6-supervise 2.11, any number is accepted here (0-2 replace a standard
    /// descriptor of `run`); a number the child cannot use makes the spawn fail there.
    public func notificationFD() -> Int32? { number(.notificationFD).map { Int32(clamping: $0) } }

    /// `timeout-kill`: milliseconds before SIGKILL after a take-down (0 = never, the default).
    public func timeoutKill() -> Int64 { Int64(clamping: number(.timeoutKill) ?? 0) }

    /// `timeout-finish`: milliseconds `finish` may run (default 5000, 0 = unlimited).
    public func timeoutFinish() -> Int64 { Int64(clamping: number(.timeoutFinish) ?? 5000) }

    /// `max-death-tally`: how many deaths to keep (default 100, at most 4096, 0 = none).
    public func maxDeathTally() -> Int {
        guard let n = number(.maxDeathTally) else { return DeathRecord.defaultCount }
        return Int(min(n, UInt64(DeathRecord.maximumCount)))
    }

    /// `down-signal`: the signal for `d`, `D`, `r` and SIGTERM (default SIGTERM).
    public func downSignal() -> Int32 { DownSignalFile.read(at: path(.downSignal), warn: warn) }

    /// Whether the `down` file exists.
    public func hasDownFile() -> Bool { ServiceFileBytes.exists(path(.down)) }
}
