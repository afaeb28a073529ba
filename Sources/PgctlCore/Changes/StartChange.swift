import SuperviseStatus
import SuperviseSystem

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
    /// The supervisor launched while the change was held back for its dependencies, with the
    /// service down, so that asking it up later costs one control byte (issue 12).
    private var prelaunched: Int32?
    /// Whether this change created `<svc>/down` for ``prelaunched`` and has not removed it.
    private var downFileCreated = false
    /// The status record a dead supervisor left behind, read just before this change launched
    /// a new one (nil: none, or the new supervisor's own record has been seen since). The new
    /// supervisor takes `supervise/lock` before it writes its first status (s6 does too), so
    /// for a moment the lock is held and `supervise/status` is still the old one: after a
    /// supervisor was SIGKILLed, an "up, ready" record of the escaped service that pgctl has
    /// just stopped. That record says nothing about the new run.
    private var staleRecord: StatusRecord?

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
        if subscription == nil, prelaunched != nil, channel.isRunning {
            // Launched while held back (checked then): the control byte goes first, the rest
            // of the set-up after it. The check that follows reads the status after
            // subscribing, so no event is lost.
            requestedAt = SupervisorChannel.now()
            askUp()
            subscription = try SupervisorEvents(servicePath: service.path)
            execFailures = ExecFailureProbe(logFile: files.logFile)
            return
        }
        if subscription == nil {
            subscription = try SupervisorEvents(servicePath: service.path)
            requestedAt = SupervisorChannel.now()
            execFailures = ExecFailureProbe(logFile: files.logFile)
            runProblem = files.runProblem(workingDirectory: workingDirectory)
            guard runProblem == nil else { return }
            if channel.isRunning {
                askUp()
                return
            }
        }
        if let prelaunched, !sawSupervisor, runProblem == nil {
            if channel.isRunning {
                askUp()
                return
            }
            // Still starting: ask it up once it runs. Gone: launch another one below.
            if launcher.exitStatus(of: prelaunched) == nil { return }
            self.prelaunched = nil
            removeDownFile()
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
        staleRecord = channel.readStatus()
        supervisorPid = try launcher.launch(service, lock: lock)
        lastLaunch = round.now
        launched = true
    }

    /// Asks the running supervisor to bring the service up. A `down` file is removed once the
    /// service is asked up, ours or one left by a pgctl killed while holding the service back
    /// (pgctl does not support `down`: it removes it before every launch too).
    private func askUp() {
        channel.send([.up])
        launched = true
        sawSupervisor = true
        downFileCreated = false
        do {
            try FileSystem.unlink(downFile)
        } catch {}
    }

    /// While held back behind its dependencies: launches the supervisor with the service down
    /// (a `down` file, read by the supervisor only when it starts; removed again once the
    /// service is asked up, or given up). Nothing happens when a supervisor runs already, the
    /// service lock is busy or `run` is unusable: the request deals with those as usual.
    func prepareWhileHeld() {
        guard prelaunched == nil, !channel.isRunning, files.runProblem(workingDirectory: workingDirectory) == nil,
              let lock = locks.acquire(service) else { return }
        defer { lock.release() }
        do throws(PgctlError) {
            try files.prepareForSupervisor()
        } catch {
            return
        }
        do {
            try SafeFile.touch(downFile, mode: 0o644)
        } catch {
            return
        }
        downFileCreated = true
        staleRecord = channel.readStatus()
        do throws(PgctlError) {
            prelaunched = try launcher.launch(service, lock: lock)
            supervisorPid = prelaunched
        } catch {
            removeDownFile()
        }
    }

    private var downFile: String { service.path + "/down" }

    private func removeDownFile() {
        guard downFileCreated else { return }
        downFileCreated = false
        try? FileSystem.unlink(downFile)
    }

    func check(round: ChangeRound) -> ChangeCheck {
        if let runProblem { return .failed(reason: runProblem, early: true) }
        if !launched || lockBusy { return .waiting(recheckAfter: pollInterval) }
        let live = channel.liveStatus()
        if live != nil {
            sawSupervisor = true
        } else if sawSupervisor || launchedSupervisorDiedRunning() {
            // It was running and is gone: nobody asked it to exit during a start.
            return .failed(reason: supervisorDeath(), early: true)
        }
        let record = ownRecord(live)
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
        let record = ownRecord(channel.liveStatus())
        if record == nil, let supervisorPid, launcher.exitStatus(of: supervisorPid) == nil {
            return .failed(reason: "its supervisor (pid \(supervisorPid)) had not started yet; is timeout-ready too short?", early: false)
        }
        let status = ServiceStateReader.status(of: service)
        return .failed(reason: StartVerdict.timeoutReason(record: record, status: status, deaths: channel.deaths(since: requestedAt),
                                                          probeReport: files.readinessProbeReport()), early: false)
    }

    /// `live` (the status of the running supervisor) if that supervisor wrote it; nil while
    /// the file still holds ``staleRecord``, the previous supervisor's (the new one is still
    /// setting up). Once the new supervisor's own record is seen, every later one is its own.
    private func ownRecord(_ live: StatusRecord?) -> StatusRecord? {
        guard let live, let stale = staleRecord else { return live }
        if live == stale { return nil }
        staleRecord = nil
        return live
    }

    /// Whether the supervisor this change launched has exited after it was running this
    /// start: it wrote a status record during the change (so it had set up and taken the
    /// service in hand) before anyone here saw it alive — it can be killed between two checks.
    /// A supervisor that died before writing anything is launched again instead.
    private func launchedSupervisorDiedRunning() -> Bool {
        guard let supervisorPid, launcher.exitStatus(of: supervisorPid) != nil,
              let record = channel.readStatus(), record != staleRecord else { return false }
        return record.stamp >= requestedAt
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
        if downFileCreated {
            // Launched while held back, never asked up (a dependency failed): not started, so
            // its supervisor goes too.
            removeDownFile()
            _ = channel.send([.exit])
            let deadline = Monotonic.now() + 1
            while channel.isRunning && Monotonic.now() < deadline { Sleeping.sleep(seconds: 0.001) }
        }
    }
}
