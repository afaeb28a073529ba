import S6Compat
import SuperviseStatus
import SuperviseSystem

/// The commands that act on services: `start`, `stop`, `restart`, `status`, `debug`, `log`
/// (spec §2). The `pgctl` executable resolves service names and aliases into ``Service``
/// values and calls these; progress lines go to stderr, results to stdout, and user-facing
/// failures are thrown as ``PgctlError`` (printed as `[pgctl] ERROR: <message>`).
public struct ServiceCommands {
    /// Where and how the commands run.
    public let context: PgctlContext
    private let console: Console

    /// Creates the commands for a context.
    public init(context: PgctlContext) {
        self.context = context
        self.console = Console(environment: context.environment)
    }

    /// Brings `services` up and blocks until every one has really started (spec §2.2):
    /// `Already started: …`, or `Starting: …` then one `Started: x` per service. Runs the
    /// playground's `pre-start` hook first unless everything was already up.
    public func start(_ services: [Service]) throws(PgctlError) {
        try StateChanges(context: context, console: console, services: services).start(services)
    }

    /// Brings `services` down and blocks until nothing of them runs (spec §2.3), then runs
    /// `post-stop` if the whole playground is down.
    public func stop(_ services: [Service]) throws(PgctlError) {
        try StateChanges(context: context, console: console, services: services).stop(services, loggerPhase: true)
    }

    /// Stops then starts `services` (spec §2.4); the start is not attempted if the stop failed.
    public func restart(_ services: [Service]) throws(PgctlError) {
        let changes = StateChanges(context: context, console: console, services: services)
        try changes.stop(services, loggerPhase: false)
        try changes.start(services)
    }

    /// Prints the state of `services`, sorted by name, to stdout (spec §2.5): text blocks
    /// (coloured on a terminal) or, with `--json`, one JSON object.
    public func status(_ services: [Service]) throws(PgctlError) {
        let now = SupervisorChannel.now()
        let sorted = services.uniquedKeepingFirst().sorted { $0.name.precedesInByteOrder($1.name) }
        var statuses: [(name: String, status: ServiceReport)] = []
        for service in sorted {
            // Read only: nothing is created or re-linked (issue 10).
            let files = try StatusFiles(service: service, scratch: ScratchDirectory(service: service, pghome: context.pghome))
            defer { files.close() }
            var status = try Self.readableStatus(of: service, from: files, now: now)
            HealthMonitorProbe.mark(&status, files: files)
            statuses.append((service.name, status))
        }
        if context.config.json {
            console.writeOutput(StatusPrinter.json(statuses))
        } else {
            console.writeOutput(StatusPrinter.text(statuses, colors: Terminal.isTerminal(.standardOutput)))
        }
    }

    /// The status of `service` for `status`; a running supervisor whose `supervise/status`
    /// cannot be read (truncated, unreadable) is reported as an error naming the file, rather
    /// than shown as `down`.
    /// `files` are those of the `supervise/` to read (``StatusFiles``).
    private static func readableStatus(of service: Service, from files: StatusFiles, now: TAI64N) throws(PgctlError) -> ServiceReport {
        let directory = files.directory
        guard files.supervisorIsRunning else {
            return escapedStatus(of: service, channel: SupervisorChannel(servicePath: directory))
        }
        let record: StatusRecord
        do {
            record = try Self.readRecordOfRunningSupervisor(files)
        } catch {
            let reason = error == .brokenPipe ? "shorter than 35 bytes" : "\(error)"
            throw PgctlError("cannot read the status of '\(service.name)': \(directory)/supervise/status is \(reason) (its supervisor is running; the file is rewritten at the next state change)")
        }
        return ServiceReport(record: record, now: now, hasNotificationFD: ServiceDirectoryFiles(service: service).hasNotificationFD)
    }

    /// `down`, with the pid of the main process a lost supervisor recorded when that process
    /// is still alive and the service's (issue 16). Cheap: the status file and a few files of
    /// `/proc/<pid>`, no scan of `/proc`.
    private static func escapedStatus(of service: Service, channel: SupervisorChannel) -> ServiceReport {
        var status = ServiceReport.unsupervised
        status.escapedPID = RecordedMainProcess.alive(in: channel.readStatus(), servicePath: service.path).map(Int.init)
        return status
    }

    /// Reads `supervise/status` of a running supervisor. A supervisor that has just taken its
    /// lock writes its first status a moment later: a missing file is waited for, up to 1 s.
    private static func readRecordOfRunningSupervisor(_ files: StatusFiles) throws(Errno) -> StatusRecord {
        let deadline = MonotonicInstant.now.adding(milliseconds: 1000)
        while true {
            do {
                return try files.readRecord()
            } catch {
                guard error == .noSuchFile, MonotonicInstant.now.nanoseconds < deadline.nanoseconds else { throw error }
                Sleeping.sleep(seconds: 0.002)
            }
        }
    }

    /// Runs `service` in the foreground (spec §2.7): stops its supervised copy first, runs
    /// `pre-start`, then replaces pgctl with `<svc>/run` (cwd the service directory,
    /// `PGCTL_DEBUG=true`, holding the service lock). Returns only by throwing.
    public func debug(_ service: Service) throws(PgctlError) {
        let changes = StateChanges(context: context, console: console, services: [service])
        try changes.prepare([service])
        if ServiceStateReader.status(of: service).state != .down {
            try changes.stop([service], loggerPhase: true)
        }
        try Hooks(context: context).runPlaygroundHook("pre-start")
        try ForegroundRun(context: context, service: service, changes: changes).exec()
    }

    /// Prints the last 30 lines of each service's `logs/current` to stdout, with a
    /// `==> path <==` header per file, exactly as `tail -n 30 --verbose` (spec §2.6); when
    /// stdout is a terminal, then keeps following the files until interrupted.
    public func log(_ services: [Service]) throws(PgctlError) {
        let changes = StateChanges(context: context, console: console, services: services)
        try changes.prepare(services, creating: false)
        var files: [(name: String, path: String)] = []
        for service in services {
            let serviceFiles = ServiceDirectoryFiles(service: service)
            try serviceFiles.ensureLogFile()
            files.append((PathDisplay.relative(serviceFiles.logFile, to: context.workingDirectory), serviceFiles.logFile))
        }
        let follower = Terminal.isTerminal(.standardOutput) ? LogFollower(files: files) : nil
        console.writeOutput(LogTail.render(files))
        follower?.run { console.writeOutput($0) }
    }
}
