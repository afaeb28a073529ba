import ServiceDefinition
import SuperviseSystem

/// The generic state-change algorithm of spec §2.1 for start and stop: resolve locks, the
/// "already there?" short-circuit, hooks, the change loop, and the failure path (§2.10).
final class StateChanges {
    let context: PgctlContext
    let console: Console
    private let commandLocks = CommandLocks()
    private let serviceLocks: ServiceLocks
    private let launcher: SupervisorLauncher
    private let hooks: Hooks

    init(context: PgctlContext, console: Console, services: [Service]) {
        self.context = context
        self.console = console
        self.serviceLocks = ServiceLocks(environment: context.environment, services: services, console: console)
        self.launcher = SupervisorLauncher(environment: context.environment, pghome: context.pghome)
        self.hooks = Hooks(context: context)
    }

    deinit {
        commandLocks.release()
        launcher.reapExited()
    }

    // MARK: start

    /// Starts `services` and waits until every one has started (spec §2.2). With
    /// dependencies (issue 12, `graph`), the services they depend on that are not started yet
    /// are started too, each only once every one of its dependencies is; a service whose
    /// dependency fails is not started. `recorder`, for `--json`, is told which services
    /// started, which failed and which were not started.
    func start(_ services: [Service], graph: DependencyGraph? = nil, recorder: ChangeReport? = nil) throws(PgctlError) {
        let moment = SupervisorChannel.now()
        let ordered = graph?.startOrder(services) ?? services
        try DescriptorBudget.ensure(services: ordered.count, verb: "start")
        try checkReadinessProbes(ordered)
        try prepare(ordered)
        let timeouts = try ordered.map { service throws(PgctlError) in
            try ServiceDirectoryFiles(service: service).readyTimeout() ?? context.config.timeout
        }
        try commandLocks.acquire(ordered, context: context)
        let requested = Set(services.map(\.path))
        // Dependencies already started are not started again (nor named); the services asked
        // for are, as pgctl 5.2.1 named them all.
        let selected = ordered.indices.filter { requested.contains(ordered[$0].path) || !isStarted(ordered[$0]) }
        if selected.allSatisfy({ requested.contains(ordered[$0].path) }) && services.allSatisfy(isStarted) {
            commandLocks.release()
            console.say("Already started: \(names(services))")
            services.forEach { recorder?.recordDone($0) }
            return
        }
        let starting = selected.map { ordered[$0] }
        commandLocks.release()
        try hooks.runPlaygroundHook("pre-start")
        try commandLocks.acquire(ordered, context: context)
        console.say("Starting: \(names(starting))")
        let scanStart = Monotonic.now()
        try stopEscapees(starting)
        console.debug("timing: escapee scan \(Int((Monotonic.now() - scanStart) * 1e6)) µs", level: 2)
        for service in starting { cleanStopRecord(service).invalidate() }
        let changes = selected.map { index -> ServiceChange in
            StartChange(
                service: ordered[index], timeout: timeouts[index],
                locks: serviceLocks, launcher: launcher, pollInterval: pollInterval,
                workingDirectory: context.workingDirectory)
        }
        var messageErrors: [PgctlError] = []
        var loop = makeLoop(verb: "start", doneWord: "Started")
        loop.viewer = makeViewer(verb: "starting", doneWord: "started", services: starting)
        loop.onFailed = { service, reason in recorder?.recordFailed(service, reason: reason, since: moment) }
        loop.onDone = { [hooks, console] service in
            recorder?.recordDone(service)
            do throws(PgctlError) {
                try hooks.runMessageScript(.startMessage, of: service, console: console)
            } catch {
                messageErrors.append(error)
            }
        }
        let markers = DependencyWaitMarkers(pghome: context.pghome)
        if let graph {
            loop.prerequisites = Self.prerequisites(of: changes) { graph.dependencies(of: $0) }
            loop.onHeld = { service, awaited in markers.update(service, awaiting: awaited) }
        }
        let results = try loop.run(changes)
        markers.removeAll()
        commandLocks.release()
        lastResults = results
        for held in results.notDone { recorder?.recordNotStarted(held.service, reason: held.reason) }
        if !results.failed.isEmpty {
            printLogTails(results.failed)
            try? stop(results.failed, loggerPhase: true)
            try failAfterHints(results.failed, verb: "start")
        }
        try report(messageErrors)
    }

    /// What the last change loop of these changes ended with (for reports as data).
    private(set) var lastResults = ChangeResults()

    /// For each change, the changes among `changes` of the services `related` names (its
    /// dependencies for a start, its dependents for a stop).
    static func prerequisites(of changes: [ServiceChange], related: (Service) -> [Service]) -> [ObjectIdentifier: [ServiceChange]] {
        var byPath: [String: ServiceChange] = [:]
        for change in changes { byPath[change.service.path] = change }
        var prerequisites: [ObjectIdentifier: [ServiceChange]] = [:]
        for change in changes {
            let before = related(change.service).compactMap { byPath[$0.path] }
            if !before.isEmpty { prerequisites[ObjectIdentifier(change)] = before }
        }
        return prerequisites
    }

    /// Checks every service's readiness probe file before anything is started (or, for
    /// `restart`, stopped): the first problem is an error naming the file.
    func checkReadinessProbes(_ services: [Service]) throws(PgctlError) {
        for service in services { try ServiceDirectoryFiles(service: service).checkReadinessProbe() }
    }

    /// Whether `service` already counts as started (no death is held against it; one settled
    /// observation suffices: the pgctl that started it saw it settle already).
    private func isStarted(_ service: Service) -> Bool {
        let channel = SupervisorChannel(servicePath: service.path)
        let verdict = StartVerdict.evaluate(
            record: channel.liveStatus(), now: SupervisorChannel.now(),
            hasNotificationFD: ServiceDirectoryFiles(service: service).hasNotificationFD, deaths: [],
            settled: ProcessSettling.isSettled)
        return verdict == .ready
    }

    /// Stops what dead supervisors left running (spec §2.2, issue 16: asked to stop with the
    /// service's `down-signal` first, SIGKILLed after its stop time limit, waited for until
    /// really gone), with one `/proc` pass to find them. Services whose clean-stop record is
    /// valid are skipped: nothing of them ran since.
    private func stopEscapees(_ services: [Service]) throws(PgctlError) {
        let unsupervised = services.filter {
            !SupervisorChannel(servicePath: $0.path).isRunning && !cleanStopRecord($0).isValid
        }
        guard !unsupervised.isEmpty else { return }
        let scan = ProcessScanner.scan(unsupervised.map(\.path), environmentTracing: context.config.environmentProcessTracing)
        var escaped: [(service: Service, timeout: Double)] = []
        for service in unsupervised {
            if let warning = BystanderText.warning(scan.bystanders[service.path] ?? [], servicePath: service.path) {
                console.writeError(warning)
            }
            escaped.append((service, try ServiceDirectoryFiles(service: service).stopTimeout() ?? context.config.timeout))
        }
        EscapeeShutdown(console: console, environmentTracing: context.config.environmentProcessTracing,
                        pollInterval: pollInterval, workingDirectory: context.workingDirectory).run(escaped, scan: scan)
    }

    // MARK: stop

    /// Stops `services` and waits until nothing of them runs (spec §2.3). `loggerPhase`:
    /// finish with the (instantaneous) logger phase of a full stop; false for `restart`. With
    /// dependencies (issue 12, `graph`), the running services that depend on them are
    /// stopped too, each service only once everything depending on it is stopped. `recorder`,
    /// for `--json`, is told which services stopped, which failed and which were not stopped.
    func stop(_ services: [Service], loggerPhase: Bool, graph: DependencyGraph? = nil, recorder: ChangeReport? = nil) throws(PgctlError) {
        let moment = SupervisorChannel.now()
        let requested = Set(services.map(\.path))
        let ordered = (graph?.stopOrder(services) ?? services).filter {
            requested.contains($0.path) || SupervisorChannel(servicePath: $0.path).isRunning
        }
        try DescriptorBudget.ensure(services: ordered.count, verb: "stop")
        try prepare(ordered, creating: false)
        let timeouts = try ordered.map { service throws(PgctlError) in
            try ServiceDirectoryFiles(service: service).stopTimeout() ?? context.config.timeout
        }
        try commandLocks.acquire(ordered, context: context)
        if try allStopped(ordered) {
            commandLocks.release()
            console.say("Already stopped: \(names(services))")
            services.forEach { recorder?.recordDone($0) }
            return
        }
        console.say("Stopping: \(names(ordered))")
        let changes = zip(ordered, timeouts).map { service, timeout -> ServiceChange in
            StopChange(
                service: service, timeout: timeout,
                locks: serviceLocks, console: console, noForce: context.config.noForce, pollInterval: pollInterval,
                workingDirectory: context.workingDirectory)
        }
        var messageErrors: [PgctlError] = []
        var loop = makeLoop(verb: "stop", doneWord: "Stopped")
        loop.viewer = makeViewer(verb: "stopping", doneWord: "stopped", services: ordered)
        loop.onFailed = { service, reason in recorder?.recordFailed(service, reason: reason, since: moment) }
        loop.onDone = { [hooks, console, context] service in
            recorder?.recordDone(service)
            CleanStopRecord(service: service, pghome: context.pghome).record()
            do throws(PgctlError) {
                try hooks.runMessageScript(.stopMessage, of: service, console: console)
            } catch {
                messageErrors.append(error)
            }
        }
        if let graph {
            loop.prerequisites = Self.prerequisites(of: changes) { graph.dependents(of: $0) }
            loop.prerequisiteWord = "dependent"
        }
        let results = try loop.run(changes)
        let failed = results.failed
        commandLocks.release()
        lastResults = results
        for held in results.notDone { recorder?.recordNotStarted(held.service, reason: held.reason) }
        if try playgroundIsDown() {
            try hooks.runPlaygroundHook("post-stop")
        }
        if loggerPhase && context.config.verbose {
            let notStopped = Set((failed + results.notDone.map(\.service)).map(\.path))
            let stopped = ordered.filter { !notStopped.contains($0.path) }
            if !stopped.isEmpty {
                console.say("Stopping logger for: \(names(stopped))")
                for service in stopped { console.say("Stopped logger for: \(service.name)") }
            }
        }
        if !failed.isEmpty {
            printLogTails(failed)
            try failAfterHints(failed, verb: "stop")
        }
        try report(messageErrors)
    }

    /// Whether nothing of `services` runs: no supervisor, service locks free, and (only
    /// checked when the cheaper tests pass) no traced process left.
    private func allStopped(_ services: [Service]) throws(PgctlError) -> Bool {
        for service in services where SupervisorChannel(servicePath: service.path).isRunning || !serviceLocks.isFree(service) {
            return false
        }
        let unproven = services.filter { !cleanStopRecord($0).isValid }
        guard !unproven.isEmpty else { return true }
        let scan = ProcessScanner.serviceProcesses(unproven.map(\.path), environmentTracing: context.config.environmentProcessTracing)
        return unproven.allSatisfy { (scan[$0.path] ?? []).isEmpty }
    }

    /// The clean-stop record of `service`.
    func cleanStopRecord(_ service: Service) -> CleanStopRecord {
        CleanStopRecord(service: service, pghome: context.pghome)
    }

    /// Whether every service of the playground is down (no supervisor). False without a
    /// playground: post-stop belongs to a playground.
    private func playgroundIsDown() throws(PgctlError) -> Bool {
        guard let playground = context.playground else { return false }
        return try playground.services().allSatisfy { !SupervisorChannel(servicePath: $0.path).isRunning }
    }

    // MARK: shared

    /// Scratch directories and `supervise` links of `services` (spec §1.4). Without
    /// `creating` (stop, log) only a link to an existing scratch directory is restored.
    func prepare(_ services: [Service], creating: Bool = true) throws(PgctlError) {
        for service in services {
            let scratch = ScratchDirectory(service: service, pghome: context.pghome)
            if creating {
                try scratch.prepare(for: service, pghome: context.pghome)
            } else {
                try scratch.relinkIfPresent(for: service)
            }
        }
    }

    /// The service lock of `service`, for `debug`.
    func takeServiceLock(_ service: Service) -> ServiceLockHandle? { serviceLocks.acquire(service) }

    private var pollInterval: Double { min(max(context.config.poll, 0.001), 1) }

    private func makeLoop(verb: String, doneWord: String) -> ChangeLoop {
        var loop = ChangeLoop(verb: verb, doneWord: doneWord, console: console, environmentTracing: context.config.environmentProcessTracing)
        loop.afterRound = { [launcher] in launcher.reapExited() }
        loop.traceInterval = pollInterval
        return loop
    }

    /// The embedded log viewer for a change of `services` (spec §2.13): on when
    /// `force_enable_log_viewer` is `1`, or when `embedded_log_viewer` is on, stdin is a
    /// terminal and `CI` is unset or empty.
    private func makeViewer(verb: String, doneWord: String, services: [Service]) -> LiveLogViewer? {
        let config = context.config
        let interactive = config.embeddedLogViewer && Terminal.isTerminal(.standardInput) && (context.environment["CI"] ?? "").isEmpty
        guard config.forceEnableLogViewer || interactive else { return nil }
        let logs = services.map { (name: $0.name, logFile: ServiceDirectoryFiles(service: $0).logFile) }
        return LiveLogViewer(verb: verb, doneWord: doneWord, services: logs) { [console] in console.writeErrorDirectly($0) }
    }

    private func names(_ services: [Service]) -> String {
        services.map(\.name).joined(separator: ", ")
    }

    /// The last 30 log lines of `services` on stderr (spec §2.10 step 1).
    private func printLogTails(_ services: [Service]) {
        let files = services.map { service in
            let path = ServiceDirectoryFiles(service: service).logFile
            return (name: PathDisplay.relative(path, to: context.workingDirectory), path: path)
        }
        console.writeError(LogTail.render(files))
    }

    /// The hint lines and the final error of spec §2.10 step 3.
    private func failAfterHints(_ services: [Service], verb: String) throws(PgctlError) {
        console.say("")
        console.say("There might be useful information further up in the log; you can view it by running:")
        for service in services {
            console.say("    less +G \(PathDisplay.relative(ServiceDirectoryFiles(service: service).logFile, to: context.workingDirectory))")
        }
        throw PgctlError("Some services failed to \(verb): \(names(services))")
    }

    /// Throws the last of `errors` after printing the others.
    private func report(_ errors: [PgctlError]) throws(PgctlError) {
        guard let last = errors.last else { return }
        for error in errors.dropLast() { console.say("ERROR: \(error.message)") }
        throw last
    }
}
