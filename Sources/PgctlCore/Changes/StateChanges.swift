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

    /// Starts `services` and waits until every one has started (spec §2.2). `recorder`, for
    /// `--json`, is told which services started and which failed.
    func start(_ services: [Service], recorder: ChangeReport? = nil) throws(PgctlError) {
        let requested = SupervisorChannel.now()
        try DescriptorBudget.ensure(services: services.count, verb: "start")
        try checkReadinessProbes(services)
        try prepare(services)
        let timeouts = try services.map { service throws(PgctlError) in
            try ServiceDirectoryFiles(service: service).readyTimeout() ?? context.config.timeout
        }
        try commandLocks.acquire(services, context: context)
        let notReady = services.filter { !isStarted($0) }
        if notReady.isEmpty {
            commandLocks.release()
            console.say("Already started: \(names(services))")
            services.forEach { recorder?.recordDone($0) }
            return
        }
        commandLocks.release()
        try hooks.runPlaygroundHook("pre-start")
        try commandLocks.acquire(services, context: context)
        console.say("Starting: \(names(services))")
        let scanStart = Monotonic.now()
        try stopEscapees(services)
        console.debug("timing: escapee scan \(Int((Monotonic.now() - scanStart) * 1e6)) µs", level: 2)
        for service in services { cleanStopRecord(service).invalidate() }
        let changes = zip(services, timeouts).map { service, timeout -> ServiceChange in
            StartChange(
                service: service, timeout: timeout,
                locks: serviceLocks, launcher: launcher, pollInterval: pollInterval,
                workingDirectory: context.workingDirectory)
        }
        var messageErrors: [PgctlError] = []
        var loop = makeLoop(verb: "start", doneWord: "Started")
        loop.viewer = makeViewer(verb: "starting", doneWord: "started", services: services)
        loop.onFailed = { service, reason in recorder?.recordFailed(service, reason: reason, since: requested) }
        loop.onDone = { [hooks, console] service in
            recorder?.recordDone(service)
            do throws(PgctlError) {
                try hooks.runMessageScript(.startMessage, of: service, console: console)
            } catch {
                messageErrors.append(error)
            }
        }
        let failed = try loop.run(changes)
        commandLocks.release()
        if !failed.isEmpty {
            printLogTails(failed)
            try? stop(failed, loggerPhase: true)
            try failAfterHints(failed, verb: "start")
        }
        try report(messageErrors)
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
    /// finish with the (instantaneous) logger phase of a full stop; false for `restart`.
    /// `recorder`, for `--json`, is told which services stopped and which failed.
    func stop(_ services: [Service], loggerPhase: Bool, recorder: ChangeReport? = nil) throws(PgctlError) {
        let requested = SupervisorChannel.now()
        try DescriptorBudget.ensure(services: services.count, verb: "stop")
        try prepare(services, creating: false)
        let timeouts = try services.map { service throws(PgctlError) in
            try ServiceDirectoryFiles(service: service).stopTimeout() ?? context.config.timeout
        }
        try commandLocks.acquire(services, context: context)
        if try allStopped(services) {
            commandLocks.release()
            console.say("Already stopped: \(names(services))")
            services.forEach { recorder?.recordDone($0) }
            return
        }
        console.say("Stopping: \(names(services))")
        let changes = zip(services, timeouts).map { service, timeout -> ServiceChange in
            StopChange(
                service: service, timeout: timeout,
                locks: serviceLocks, console: console, noForce: context.config.noForce, pollInterval: pollInterval,
                workingDirectory: context.workingDirectory)
        }
        var messageErrors: [PgctlError] = []
        var loop = makeLoop(verb: "stop", doneWord: "Stopped")
        loop.viewer = makeViewer(verb: "stopping", doneWord: "stopped", services: services)
        loop.onFailed = { service, reason in recorder?.recordFailed(service, reason: reason, since: requested) }
        loop.onDone = { [hooks, console, context] service in
            recorder?.recordDone(service)
            CleanStopRecord(service: service, pghome: context.pghome).record()
            do throws(PgctlError) {
                try hooks.runMessageScript(.stopMessage, of: service, console: console)
            } catch {
                messageErrors.append(error)
            }
        }
        let failed = try loop.run(changes)
        commandLocks.release()
        if try playgroundIsDown() {
            try hooks.runPlaygroundHook("post-stop")
        }
        if loggerPhase && context.config.verbose {
            let stopped = services.filter { !failed.contains($0) }
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
