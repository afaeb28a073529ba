/// Everything a service directory says about its service, read once: the scripts, the s6
/// number files, the signal, the durations, the presence-only files. pgctl and
/// pgctl-poll-ready read it through this; the supervisor, which re-reads each file at each use
/// as s6 does, reads the same files through the same readers (``LiveServiceFiles``).
///
/// Each value is kept as found (``ServiceFileValue``: absent, a value, or a bad file with a
/// ``ServiceDefinitionError`` naming it), so each consumer keeps its own rule: s6's "a bad
/// file means the default" (`usableValue`) or pgctl's error (`get()`).
///
/// **A new service file** goes in this module: a case in ``ServiceFileName``, its reader in its
/// own small file (`<Name>File.swift`, or e.g. `ServiceDependencies*.swift`,
/// `ReadinessProbe*.swift`: parse once, with its limits, a bad file a
/// ``ServiceDefinitionError``), and one line giving it to the definition — in the reader's own
/// file, without touching this one:
///
/// ```swift
/// extension ServiceDirectoryDefinition {
///     /// `<name>`: what it means.
///     public var newThing: ServiceFileValue<NewThing> { read(.newThing, NewThingFile.read(at:)) }
/// }
/// ```
///
/// Such a property reads its file when asked (through the listing taken once), so a consumer
/// reads it once and keeps the value; the stored properties below are the files every consumer
/// needs, read in `init`.
public struct ServiceDirectoryDefinition: Equatable, Sendable {
    /// The directory read (as given: `.` for the current one).
    public let directory: String
    /// Its names, listed once: files not listed are absent without an `open`.
    let listing: ServiceDirectoryListing

    /// `run`: must be an executable regular file.
    public let run: ScriptFile
    /// `finish`, run by the supervisor after each death of `run`.
    public let finish: ScriptFile
    /// `ready`: pgctl-poll-ready's check; its presence makes pgctl write `notification-fd`.
    public let ready: ScriptFile
    /// `start-msg`, run by pgctl after `Started:`.
    public let startMessage: ScriptFile
    /// `stop-msg`, run by pgctl after `Stopped:`.
    public let stopMessage: ScriptFile

    /// `notification-fd`: the descriptor `run` reports readiness on.
    public let notificationFD: ServiceFileValue<UInt64>
    /// `timeout-kill` (milliseconds; absent or bad: 0 = never).
    public let timeoutKill: ServiceFileValue<UInt64>
    /// `timeout-finish` (milliseconds; absent or bad: 5000).
    public let timeoutFinish: ServiceFileValue<UInt64>
    /// `max-death-tally` (absent or bad: 100; at most 4096).
    public let maxDeathTally: ServiceFileValue<UInt64>
    /// `down-signal` (absent or bad: SIGTERM).
    public let downSignal: ServiceFileValue<Int32>

    /// `timeout-ready` (seconds).
    public let timeoutReady: ServiceFileValue<Double>
    /// `timeout-stop` (seconds).
    public let timeoutStop: ServiceFileValue<Double>
    /// `poll-ready` (seconds).
    public let pollReady: ServiceFileValue<Double>
    /// `poll-down` (seconds).
    public let pollDown: ServiceFileValue<Double>

    /// Whether a `down` file is there.
    public let hasDownFile: Bool
    /// Whether a `nosetsid` file is there (ignored by s6 2.11 and by us).
    public let hasNoSetsid: Bool

    /// Reads the service directory `directory`.
    public init(directory: String) {
        let listing = ServiceDirectoryListing(directory: directory)
        self.directory = directory
        self.listing = listing
        run = listing.script(.run)
        finish = listing.script(.finish)
        ready = listing.script(.ready)
        startMessage = listing.script(.startMessage)
        stopMessage = listing.script(.stopMessage)
        notificationFD = listing.value(.notificationFD, NumberFile.read(at:))
        timeoutKill = listing.value(.timeoutKill, NumberFile.read(at:))
        timeoutFinish = listing.value(.timeoutFinish, NumberFile.read(at:))
        maxDeathTally = listing.value(.maxDeathTally, NumberFile.read(at:))
        downSignal = listing.value(.downSignal, DownSignalFile.read(at:))
        timeoutReady = listing.value(.timeoutReady, SecondsFile.read(at:))
        timeoutStop = listing.value(.timeoutStop, SecondsFile.read(at:))
        pollReady = listing.value(.pollReady, SecondsFile.read(at:))
        pollDown = listing.value(.pollDown, SecondsFile.read(at:))
        hasDownFile = listing.exists(.down)
        hasNoSetsid = listing.exists(.nosetsid)
    }

    /// Reads `file` with the strict reader `reader` (nil: absent) — when the listing shows it
    /// is there.
    public func read<Value>(_ file: ServiceFileName, _ reader: (String) throws(ServiceDefinitionError) -> Value?) -> ServiceFileValue<Value> {
        listing.value(file, reader)
    }

    /// The path of `file` in this directory.
    public func path(of file: ServiceFileName) -> String { file.path(in: directory) }

    /// Why `run` cannot be started (nil when it is an executable regular file).
    public var runProblem: ServiceDefinitionError? { run.problem(at: path(of: .run)) }
}
