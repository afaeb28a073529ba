import SuperviseStatus

/// Bringing one service up (spec §2.2): launch its supervisor if none runs (after killing
/// what a dead supervisor left behind), ask it up, and wait until it has really started
/// (``StartVerdict``).
final class StartChange: ServiceChange {
    let service: Service
    let timeout: Double
    private(set) var subscription: SupervisorEvents?
    private let channel: SupervisorChannel
    private let files: ServiceDirectoryFiles
    private let locks: ServiceLocks
    private let launcher: SupervisorLauncher
    private let pollInterval: Double
    private let workingDirectory: String
    private var requestedAt = TAI64N(seconds: 0, nanoseconds: 0)
    private var runProblem: String?
    private var launched = false
    private var lockBusy = false
    private var lastLaunch = -Double.infinity
    /// The supervisor this change launched last.
    private var supervisorPid: Int32?
    /// Whether a supervisor of the service was seen running during this change.
    private var sawSupervisor = false
    private var settleWatch = SettleWatch()
    private var execFailures: ExecFailureProbe?

    init(service: Service, timeout: Double, locks: ServiceLocks, launcher: SupervisorLauncher, pollInterval: Double, workingDirectory: String) {
        self.service = service
        self.timeout = timeout
        self.channel = SupervisorChannel(servicePath: service.path)
        self.files = ServiceDirectoryFiles(service: service)
        self.locks = locks
        self.launcher = launcher
        self.pollInterval = pollInterval
        self.workingDirectory = workingDirectory
    }

    func request(round: ChangeRound) throws(PgctlError) {
        if subscription == nil {
            subscription = try SupervisorEvents(servicePath: service.path)
            requestedAt = SupervisorChannel.now()
            execFailures = ExecFailureProbe(logFile: files.logFile)
            runProblem = files.runProblem(workingDirectory: workingDirectory)
            guard runProblem == nil else { return }
            if channel.isRunning {
                channel.send([.up])
                launched = true
                sawSupervisor = true
                return
            }
        }
        guard runProblem == nil, !sawSupervisor, !channel.isRunning else { return }
        // No supervisor: launch one (again, at most once a second, if it died meanwhile).
        guard round.now - lastLaunch >= 1 else { return }
        guard let lock = locks.acquire(service) else {
            lockBusy = true
            return
        }
        defer { lock.release() }
        lockBusy = false
        try files.prepareForSupervisor()
        supervisorPid = try launcher.launch(service, lock: lock)
        lastLaunch = round.now
        launched = true
    }

    func check(round: ChangeRound) -> ChangeCheck {
        if let runProblem { return .failed(reason: runProblem, early: true) }
        if !launched || lockBusy { return .waiting(recheckAfter: pollInterval) }
        let record = channel.liveStatus()
        if record != nil {
            sawSupervisor = true
        } else if sawSupervisor {
            // It was running and is gone: nobody asked it to exit during a start.
            return .failed(reason: supervisorDeath(), early: true)
        }
        if record?.isUp != true, let reason = execFailures?.failure() { return .failed(reason: reason, early: true) }
        let verdict = StartVerdict.evaluate(
            record: record, now: SupervisorChannel.now(), hasNotificationFD: files.hasNotificationFD,
            deaths: channel.deaths(since: requestedAt),
            settled: { pid in settleWatch.observe(pid: pid, now: round.now) })
        if record?.isUp != true { settleWatch.reset() }
        switch verdict {
        case .ready: return .done
        case .failed(let reason): return .failed(reason: reason, early: true)
        case .waiting(let after): return .waiting(recheckAfter: record == nil ? pollInterval : after)
        }
    }

    func expired(round: ChangeRound) -> ChangeCheck {
        if lockBusy {
            let holders = ProcessScanner.processesWithOpenFile(service.path)
            return .failed(reason: RunawayText.runawaysDidNotStop(ProcessListing.forest(holders), cause: .holdLock, lockHeld: true), early: false)
        }
        let record = channel.liveStatus()
        if record == nil, let supervisorPid, launcher.exitStatus(of: supervisorPid) == nil {
            return .failed(reason: "its supervisor (pid \(supervisorPid)) had not started yet; is timeout-ready too short?", early: false)
        }
        let status = ServiceStateReader.status(of: service)
        return .failed(reason: StartVerdict.timeoutReason(record: record, status: status, deaths: channel.deaths(since: requestedAt),
                                                          probeReport: files.readinessProbeReport()), early: false)
    }

    /// Why the supervisor, seen running during this start, is gone.
    private func supervisorDeath() -> String {
        guard let supervisorPid, let status = launcher.exitStatus(of: supervisorPid) else {
            return "its supervisor died (it no longer holds supervise/lock)"
        }
        return "its supervisor (pid \(supervisorPid)) \(ChildExit.describe(status))"
    }

    func finish() {
        subscription?.close()
        subscription = nil
    }
}
