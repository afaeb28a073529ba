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
    /// playground's `pre-start` hook first unless everything was already up. With `--json`,
    /// a ``ChangeReport`` on stdout at the end. Services declared as dependencies (issue 12)
    /// start first, each behind the readiness of what it depends on.
    public func start(_ services: [Service]) throws(PgctlError) {
        let began = Monotonic.now(), cpu = ThreadCPUClock.seconds()
        let (graph, readingCPU) = try DependencyLoader.loadTimed(context: context, requested: services)
        let involved = graph.startOrder(services)
        let took = Int((Monotonic.now() - began) * 1e6), cpuTook = Int((ThreadCPUClock.seconds() - cpu) * 1e6)
        console.debug("timing: dependencies \(took) µs, cpu \(cpuTook) µs, of which reading \(Int(readingCPU * 1e6)) µs (\(graph.services.count) services, \(graph.edgeCount) edges)", level: 2)
        try reporting(doneKey: "started", services) { report throws(PgctlError) in
            try StateChanges(context: context, console: console, services: involved).start(services, graph: graph, recorder: report)
        }
    }

    /// Brings `services` down and blocks until nothing of them runs (spec §2.3), then runs
    /// `post-stop` if the whole playground is down. With `--json`, a ``ChangeReport``
    /// (`stopped`) on stdout at the end. Running services that depend on them (issue 12) are
    /// stopped first.
    public func stop(_ services: [Service]) throws(PgctlError) {
        let graph = try DependencyLoader.load(context: context, requested: services)
        let involved = graph.stopOrder(services)
        try reporting(doneKey: "stopped", services) { report throws(PgctlError) in
            try StateChanges(context: context, console: console, services: involved).stop(services, loggerPhase: true, graph: graph, recorder: report)
        }
    }

    /// Stops then starts `services` (spec §2.4); the start is not attempted if the stop failed.
    /// With `--json`, a ``ChangeReport`` (`started`) on stdout at the end; services that failed
    /// to stop are in its `failed`, the others in `not_started`. The running services that
    /// depend on them (issue 12) are stopped first and started again after them, behind their
    /// readiness.
    public func restart(_ services: [Service]) throws(PgctlError) {
        let graph = try DependencyLoader.load(context: context, requested: services)
        let requested = Set(services.map(\.path))
        let restarted = graph.stopOrder(services).filter {
            requested.contains($0.path) || SupervisorChannel(servicePath: $0.path).isRunning
        }
        try reporting(doneKey: "started", restarted) { report throws(PgctlError) in
            let changes = StateChanges(context: context, console: console, services: graph.startOrder(restarted))
            // Probe files are checked before anything is stopped.
            try changes.checkReadinessProbes(restarted)
            let stopPhase = report.map { _ in ChangeReport(doneKey: "stopped") }
            do throws(PgctlError) {
                try changes.stop(restarted, loggerPhase: false, graph: graph, recorder: stopPhase)
            } catch {
                if let stopPhase { report?.recordFailedStop(stopPhase, of: restarted, error: error) }
                throw error
            }
            try changes.start(restarted, graph: graph, recorder: report)
        }
    }

    /// Runs `body` with a report when `--json` was given, and prints the report to stdout at
    /// the end, also when `body` failed (services it did not report count as failed with the
    /// error's message).
    private func reporting(doneKey: String, _ services: [Service],
                           _ body: (ChangeReport?) throws(PgctlError) -> Void) throws(PgctlError) {
        guard context.config.json else { return try body(nil) }
        let report = ChangeReport(doneKey: doneKey)
        let moment = SupervisorChannel.now()
        do throws(PgctlError) {
            try body(report)
        } catch {
            report.recordUnreported(services.uniquedKeepingFirst(), error: error, since: moment)
            console.writeOutput(report.json)
            throw error
        }
        console.writeOutput(report.json)
    }

    /// Prints the state of `services`, sorted by name, to stdout (spec §2.5): text blocks
    /// (coloured on a terminal) or, with `--json`, one JSON object.
    public func status(_ services: [Service]) throws(PgctlError) {
        let now = SupervisorChannel.now()
        let sorted = services.uniquedKeepingFirst().sorted { $0.name.precedesInByteOrder($1.name) }
        var statuses: [(name: String, status: ServiceReport)] = []
        let dependencies = DependencyStatus(context: context)
        for service in sorted {
            // Read only: nothing is created or re-linked (issue 10).
            let files = try StatusFiles(service: service, scratch: ScratchDirectory(service: service, pghome: context.pghome))
            defer { files.close() }
            var (status, supervised) = try Self.readableStatus(of: service, from: files, now: now)
            HealthMonitorProbe.mark(&status, files: files)
            // A dead supervisor's tally is history of a past run.
            status.crashes = supervised ? CrashHistory(records: files.deathRecords(), now: now) : nil
            dependencies.mark(&status, of: service, files: files)
            statuses.append((service.name, status))
        }
        // Once anything declares dependencies, every service shows its list (empty or not);
        // a playground without any keeps pgctl 5.2.1's keys.
        if statuses.contains(where: { !$0.status.dependencies.isEmpty }) {
            for index in statuses.indices { statuses[index].status.showsDependencies = true }
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
    /// `files` are those of the `supervise/` to read (``StatusFiles``). `supervised`: whether
    /// the status came from a running supervisor.
    private static func readableStatus(of service: Service, from files: StatusFiles,
                                       now: TAI64N) throws(PgctlError) -> (status: ServiceReport, supervised: Bool) {
        let directory = files.directory
        if !files.supervisorIsRunning, let status = ServiceStateReader.unsupervisedStatus(
            of: service, record: SupervisorChannel(servicePath: directory).readStatus(),
            supervisorIsRunning: { files.supervisorIsRunning }) {
            return (status, false)
        }
        let record: StatusRecord
        do {
            record = try Self.readRecordOfRunningSupervisor(files)
        } catch {
            let reason = error == .brokenPipe ? "shorter than 35 bytes" : "\(error)"
            throw PgctlError("cannot read the status of '\(service.name)': \(directory)/supervise/status is \(reason) (its supervisor is running; the file is rewritten at the next state change)")
        }
        return (ServiceReport(record: record, now: now, hasNotificationFD: files.reportsReadiness), true)
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

    /// Blocks until every one of `services` is in the state `target` (issue 13), changing
    /// nothing; throws after `timeout` seconds (``ServiceWait``).
    public func wait(_ services: [Service], for target: WaitTarget, timeout: Double) throws(PgctlError) {
        try ServiceWait(target: target, timeout: timeout, pghome: context.pghome, console: console,
                        json: context.config.json).run(services)
    }

    /// Runs `service` in the foreground (spec §2.7): stops its supervised copy first, runs
    /// `pre-start`, then replaces pgctl with `<svc>/run` (cwd the service directory,
    /// `PGCTL_DEBUG=true`, holding the service lock). Returns only by throwing.
    /// Its dependencies (issue 12) are started first, saying so.
    public func debug(_ service: Service) throws(PgctlError) {
        let graph = try DependencyLoader.load(context: context, requested: [service])
        let dependencies = graph.startOrder([service]).filter { $0 != service }
        if !dependencies.isEmpty {
            console.say("Starting the dependencies of \(service.name) first: \(dependencies.map(\.name).joined(separator: ", "))")
            try StateChanges(context: context, console: console, services: dependencies).start(dependencies, graph: graph)
        }
        let changes = StateChanges(context: context, console: console, services: [service])
        try changes.prepare([service])
        if ServiceStateReader.status(of: service).state != .down {
            try changes.stop([service], loggerPhase: true)
        }
        try Hooks(context: context).runPlaygroundHook("pre-start")
        try ForegroundRun(context: context, service: service, changes: changes).exec()
    }

    /// `pgctl log` (spec §2.6 and issue 13). With no options: the last 30 lines of each
    /// service's log with a `==> path <==` header per file, as `tail -n 30 --verbose` printed
    /// them, then, when stdout is a terminal, following the files until interrupted. `options`
    /// choose the count, a merged time-ordered view, `--since`, JSON Lines, and following.
    public func log(_ services: [Service], options: LogOptions = LogOptions()) throws(PgctlError) {
        let changes = StateChanges(context: context, console: console, services: services)
        try changes.prepare(services, creating: false)
        var sources: [LogView.Source] = []
        for service in services {
            let serviceFiles = ServiceDirectoryFiles(service: service)
            try serviceFiles.ensureLogFile()
            sources.append(LogView.Source(name: service.name,
                                          header: PathDisplay.relative(serviceFiles.logFile, to: context.workingDirectory),
                                          directory: service.path + "/logs"))
        }
        let terminal = Terminal.isTerminal(.standardOutput)
        let noColour = !(context.environment["NO_COLOR"] ?? "").isEmpty
        let view = LogView(sources: sources, options: options, follow: options.follow ?? terminal,
                           colours: terminal && !noColour)
        view.run { bytes in (try? FileDescriptor.standardOutput.writeAll(bytes)) != nil }
    }
}
