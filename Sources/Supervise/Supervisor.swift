import ServiceDefinition
import SuperviseLog
import SuperviseStatus
import SuperviseSystem

/// The supervisor process: one single-threaded loop over a signalfd, the control FIFO, the
/// readiness pipe and (in logging mode) the services' output pipe, with one deadline timer. It performs the actions of
/// ``SupervisorStateMachine`` and feeds spawn results and child deaths back into it.
public final class Supervisor {
    /// The signals the supervisor reads through its signalfd.
    public static let handledSignals: [Int32] = [
        SignalNumber.hup, SignalNumber.int, SignalNumber.quit, SignalNumber.term, SignalNumber.chld,
    ]

    /// The service directory exactly as given on the command line (used in argv and messages).
    public let serviceDirectory: String
    private let diagnostics: Diagnostics
    private let files: LiveServiceFiles
    private let events = EventFifoDir(path: "event")
    private var machine: SupervisorStateMachine
    /// The deadline of the machine's last `.setTimer` action: the only one the loop waits for.
    private var timerDeadline: MonotonicInstant?
    private let directory: SuperviseDirectory
    private let signals: FileDescriptor
    private var notificationPipe: FileDescriptor?
    /// The descriptors of one loop turn; storage reused across turns.
    private var pollSet = PollSet()
    /// Whether the code pages used only at start-up were released (see ``ExecutableText``).
    private var startupCodeReleased = false
    private var exitRequested = false
    /// The readiness probe of the current `run` (pgctl's extension), while it runs.
    private var prober: ReadinessProber?
    /// Set when the `ready-log` probe matched a line during a drain; fed to the machine after it.
    private var probePassPending = false
    /// Whether the "ready-log needs -l" warning was given (once per supervisor).
    private var warnedAboutLogProbe = false
    /// Logging mode: the pipe that collects the children's output into a log directory.
    private let capture: OutputCapture?
    /// Where the supervisor's own messages go: stderr, or the log in logging mode.
    private let messages: MessageSink
    /// At exit, log at most this much output still sitting in the pipe.
    private static let exitDrainBudget = 4 * 1024 * 1024
    /// Per loop turn, log at most this much output before looking at signals and commands again.
    private static let drainBudget = 64 * 1024
    /// When run or finish dies, log at most this much of what is left in the pipe before
    /// ending its unfinished line (what a dead process left is at most a pipe's capacity).
    private static let deathDrainBudget = 1024 * 1024

    /// Takes charge of `serviceDirectory`: chdir, create `supervise/` and `event/`, lock, open
    /// the control FIFO and the signalfd, reset the death tally, write the initial status.
    /// With `logDirectory` (relative to the service directory, or absolute), the supervisor runs
    /// in logging mode: `run` and `finish` write their stdout and stderr into a pipe that the
    /// supervisor turns into timestamped lines in `<logDirectory>/current`, rotated like
    /// `s6-log n5 s10485760 T`; the supervisor's own warnings go there too.
    /// Throws with s6's exit code and message on failure.
    public init(serviceDirectory: String, logDirectory: String? = nil) throws(SuperviseSetupError) {
        self.serviceDirectory = serviceDirectory
        let diagnostics = Diagnostics(program: "s6-supervise \(serviceDirectory)")
        self.diagnostics = diagnostics
        let messages = MessageSink(program: diagnostics.program)
        self.messages = messages
        self.files = LiveServiceFiles(warn: { messages.emit("\(diagnostics.program): warning: \($0)") })
        do {
            try FileSystem.changeDirectory(serviceDirectory)
        } catch {
            var failure = SuperviseSetupError.system("unable to chdir to \(serviceDirectory)", error)
            failure.namesDirectory = false
            throw failure
        }
        Self.ensureStandardDescriptorsOpen()
        directory = try SuperviseDirectory.take()
        if let logDirectory {
            do {
                capture = try OutputCapture(logDirectory: logDirectory)
            } catch {
                throw .file("unable to open log directory \(logDirectory)", error)
            }
        } else {
            capture = nil
        }
        messages.capture = capture
        do {
            signals = try Signals.openSignalFD(Self.handledSignals)
        } catch {
            throw .system("unable to set up signals", error)
        }
        Signals.neutralize(SignalNumber.pipe)
        // A file size limit (`ulimit -f`) makes a log write fail with EFBIG; SIGXFSZ must not
        // kill the supervisor (the write is retried like on a full disk).
        Signals.neutralize(SignalNumber.xfsz)
        // An empty tally, replacing whatever is there (a planted link is replaced, not followed).
        try? SafeFile.replace("supervise/death_tally", with: [], temporaryPath: "supervise/death_tally.new")
        // A report of an earlier supervisor's probe would describe a probe that is not running.
        ProbeReportFile.remove()
        machine = SupervisorStateMachine(wantUp: !files.hasDownFile(), at: .now(), settings: files)
    }

    /// Opens /dev/null on any of fds 0, 1, 2 that is closed.
    private static func ensureStandardDescriptorsOpen() {
        while let fd = try? FileDescriptor.open("/dev/null", [.readWrite]) {
            if fd.rawValue > 2 {
                fd.close()
                return
            }
        }
    }

    /// Runs until the state machine says exit; returns the exit code (0).
    public func run() -> Int32 {
        perform(machine.start(at: .now()))
        while !exitRequested {
            waitAndDispatch()
        }
        if let capture, let lost = capture.finish(budget: Self.exitDrainBudget, warn: warn) {
            reportUnwrittenLog(lost, capture: capture)
        }
        return 0
    }

    // MARK: - The loop

    /// The earliest of the state machine's timer, the log's retry deadline and the readiness
    /// probe's next step.
    private var nextDeadline: MonotonicInstant? {
        var earliest = timerDeadline
        // No array here: the loop turn allocates nothing.
        if let retry = capture?.retryDeadline { earliest = earliest.map { min($0, retry) } ?? retry }
        if let probe = prober?.deadline { earliest = earliest.map { min($0, probe) } ?? probe }
        return earliest
    }

    /// One turn of the loop: wait on every descriptor of interest (one more — say another
    /// pipe — is one more `watch`), then handle the timer; or else commands (unless a signal
    /// is pending: signals go first, commands wait for the next turn), the log pipe,
    /// readiness, and signals — output always before the readiness or death that follows it.
    /// No allocation happens here on a quiet turn.
    private func waitAndDispatch() {
        pollSet.removeAll()
        pollSet.watch(signals)
        pollSet.watch(directory.controlReader)
        if let pipe = notificationPipe { pollSet.watch(pipe) }
        if let capture, capture.wantsInput { pollSet.watch(capture.readEnd) }
        prober?.watch(into: &pollSet)
        let timeout: Int32
        if let deadline = nextDeadline {
            let remaining = deadline.nanoseconds - MonotonicInstant.now.nanoseconds
            timeout = remaining <= 0 ? 0 : Int32(clamping: (remaining + 999_999) / 1_000_000)
        } else {
            timeout = -1
        }
        if timeout != 0 && !startupCodeReleased {
            // First idle moment after start-up: give back the start-up code's pages.
            startupCodeReleased = true
            ExecutableText.releaseResidentPages()
        }
        do {
            try pollSet.wait(timeoutMilliseconds: timeout)
        } catch {
            diagnostics.fatal("unable to poll", error, exitCode: 111)
        }
        if let deadline = timerDeadline, MonotonicInstant.now >= deadline {
            feed(.timerFired)
            return
        }
        // Commands first (when no signal is pending, which takes precedence as before): they
        // never wait behind a batch of service output during a flood.
        let signalsPending = pollSet.isReadable(signals)
        if !signalsPending && pollSet.isReadable(directory.controlReader) {
            readControlFIFO()
        }
        // Then output: what a service printed before announcing readiness (or before dying)
        // is in the log before the `U` (or `d`) event makes pgctl print its next line.
        if let capture {
            if pollSet.isReadable(capture.readEnd) {
                capture.drain(budget: Self.drainBudget, warn: warn)
            } else if let retry = capture.retryDeadline, MonotonicInstant.now >= retry {
                capture.flush(warn: warn)
            }
        }
        if let pipe = notificationPipe, pollSet.isReadable(pipe) {
            readNotificationPipe(pipe)
        }
        if let prober, prober.step(pollSet, now: .now, notice: warn) { probePassPending = true }
        if probePassPending {
            probePassed()
        } else if let prober, prober.settled {
            // A probe that keeps failing: what it ran once (its start, its back-off's climb, its
            // notice) need not stay resident while it retries; give the code pages back, as
            // after start-up. Never just before a readiness transition (its code would have to
            // come back first).
            prober.settled = false
            ExecutableText.releaseResidentPages()
        }
        if signalsPending {
            handlePendingSignals()
        }
    }

    /// At exit with log lines that could not be written: says so on stderr, unless stderr is a
    /// file of the log itself (as under pgctl), where the warning could only tear a record.
    private func reportUnwrittenLog(_ error: SystemCallError, capture: OutputCapture) {
        guard !capture.log.directory.holdsFile(of: .standardError) else { return }
        diagnostics.warn("\(error) - \(capture.log.queuedByteCount) bytes of output lost")
    }

    /// Reports `message` as `s6-supervise <dir>: warning: <message>`.
    private func warn(_ message: String) {
        messages.emit("\(diagnostics.program): warning: \(message)")
    }

    /// The descriptors children get: in logging mode, the output pipe as stdout and stderr.
    private var childDescriptors: ProcessControl.ChildDescriptors {
        var descriptors = ProcessControl.ChildDescriptors()
        if let capture {
            descriptors.standardOutput = capture.writeEnd
            descriptors.standardError = capture.writeEnd
        }
        return descriptors
    }

    private func feed(_ input: SupervisorInput) {
        perform(machine.handle(input, at: .now()))
    }

    private func handlePendingSignals() {
        while !exitRequested {
            let signal: Int32?
            do {
                signal = try Signals.readSignal(from: signals)
            } catch {
                diagnostics.fatal("unable to read signalfd", error, exitCode: 111)
            }
            guard let signal else { return }
            if signal == SignalNumber.chld {
                reapChildren()
            } else {
                feed(.signal(signal))
            }
        }
    }

    private func reapChildren() {
        while !exitRequested, let (pid, rawStatus) = ProcessControl.reapAny() {
            feed(.childExited(pid: pid, status: WaitStatus(waitpidStatus: rawStatus)))
        }
    }

    private func readControlFIFO() {
        while !exitRequested {
            let bytes: [UInt8]
            do {
                bytes = try directory.controlReader.read(upTo: 64)
            } catch {
                if error == .wouldBlock { return }
                diagnostics.fatal("unable to read supervise/control", error, exitCode: 111)
            }
            if bytes.isEmpty { return }
            for byte in bytes {
                guard let command = ControlCommand(rawValue: byte) else { continue }
                feed(.command(command))
                if exitRequested { return }
            }
        }
    }

    private func readNotificationPipe(_ pipe: FileDescriptor) {
        do {
            let chunk = try pipe.read(upTo: 512)
            if chunk.isEmpty {
                closeNotificationPipe()
            } else if chunk.contains(UInt8(ascii: "\n")) {
                feed(.readinessNotified)
            }
        } catch {
            if error != .wouldBlock { closeNotificationPipe() }
        }
    }

    private func closeNotificationPipe() {
        notificationPipe?.close()
        notificationPipe = nil
    }

    // MARK: - Actions

    private func perform(_ actions: [SupervisorAction]) {
        for action in actions {
            if exitRequested { return }
            perform(action)
        }
    }

    private func perform(_ action: SupervisorAction) {
        switch action {
        case .spawnRun:
            feed(spawnRun())
        case .spawnFinish(let arguments):
            feed(spawnFinish(arguments))
        case .sendSignal(let signal, let pid):
            if pid != 0 { ProcessControl.send(signal, to: Int32(truncatingIfNeeded: pid)) }
        case .sendSignalToGroup(let signal, let pid):
            if pid != 0 { ProcessControl.sendToGroup(signal, of: Int32(truncatingIfNeeded: pid)) }
        case .writeStatus(let record):
            do {
                try SafeFile.replace("supervise/status", with: record.bytes, temporaryPath: "supervise/status.new")
            } catch {
                warn("unable to write status file")
            }
        case .notify(let bytes):
            events.notify(bytes)
        case .setTimer(let deadline):
            timerDeadline = deadline
        case .drainOutput:
            // What the dead process wrote is in the pipe: log it, and end its unfinished last line.
            capture?.writerDied(budget: Self.deathDrainBudget, warn: warn)
        case .createDownFile:
            do {
                try SafeFile.touch("down", mode: 0o644)
            } catch {
                warn("unable to touch down: \(error)")
            }
        case .removeDownFile:
            do { try FileSystem.unlink("down") } catch {
                if error != .noSuchFile { warn("unable to unlink down: \(error)") }
            }
        case .detachStandardIO:
            if let null = try? FileDescriptor.open("/dev/null", [.readOnly]) {
                try? null.duplicate(as: .standardInput)
                null.close()
            }
            if let null = try? FileDescriptor.open("/dev/null", [.writeOnly]) {
                try? null.duplicate(as: .standardOutput)
                null.close()
            }
        case .recordDeath(let record):
            recordDeath(record)
        case .closeNotificationPipe:
            closeNotificationPipe()
        case .startProbe:
            startProbe()
        case .stopProbe:
            stopProbe()
        case .warn(let message):
            warn(message)
        case .exit:
            events.notify([.exit])
            exitRequested = true
        }
    }

    // MARK: - Readiness probe

    /// Starts the readiness probe of the `run` just spawned. A probe file that cannot be used
    /// is a warning (and the service is never reported ready: nothing can tell when it is).
    private func startProbe() {
        stopProbe()
        let probe: ReadinessProbe?
        do {
            probe = try ReadinessProbeFile.readProbe(serviceDirectory: "")
        } catch {
            warn("\(error) - run will not be reported ready")
            var report = ProbeReportFile(probe: error.path)
            report.record("is unusable: \(error)")
            return
        }
        guard let probe else { return }
        if case .log = probe.check, capture == nil, !warnedAboutLogProbe {
            warnedAboutLogProbe = true
            warn("ready-log needs the supervisor's logging mode (-l): run will not be reported ready")
        }
        let started = ReadinessProber(probe: probe, now: .now, slowAfterMilliseconds: files.probeNoticeMilliseconds(),
                                      canSeeOutput: capture != nil)
        prober = started
        if case .log = probe.check, let capture {
            capture.log.lineObserver = { [unowned self] line in
                if self.prober?.observe(line: line) == true { self.probePassPending = true }
            }
        }
    }

    /// The probe passed: the machine's readiness transition (status, `U`) first — pgctl is
    /// waiting for it —, then the success logged once.
    private func probePassed() {
        probePassPending = false
        guard let passed = prober else { return }
        let elapsed = MonotonicInstant.now.nanoseconds - passed.startedAt.nanoseconds
        feed(.probePassed)
        passed.recordPassed()
        messages.emit("\(diagnostics.program): info: readiness check \(passed.probe.description) passed after \(ReadinessProber.seconds(elapsed)) seconds")
    }

    private func stopProbe() {
        prober?.stop()
        prober = nil
        capture?.log.lineObserver = nil
        probePassPending = false
    }

    // MARK: - Spawning

    private func spawnRun() -> SupervisorInput {
        var descriptors = childDescriptors
        var pipe: (read: FileDescriptor, write: FileDescriptor)?
        if let number = files.notificationFD() {
            if number > 2 && FileDescriptor(rawValue: number).isInheritable {
                // Inherited to be passed on (pgctl's service lock): never replace it.
                warn("unable to use notification-fd \(number): descriptor \(number) was inherited by the supervisor and is passed on to run")
                warn("unable to spawn ./run - waiting 10 seconds")
                return .runSpawnFailed(systemFailure: false)
            }
            do {
                pipe = try FileDescriptor.pipe()
            } catch {
                warn("unable to pipe: \(error) (waiting 60 seconds)")
                return .runSpawnFailed(systemFailure: true)
            }
            descriptors.notification = (pipe!.write, number)
        }
        let result: ProcessControl.SpawnResult
        do {
            result = try ProcessControl.spawn("./run", arguments: ["run", serviceDirectory], descriptors: descriptors)
        } catch {
            pipe?.read.close()
            pipe?.write.close()
            warn("unable to fork: \(error) (waiting 60 seconds)")
            return .runSpawnFailed(systemFailure: true)
        }
        pipe?.write.close()
        switch result {
        case .running(let pid):
            closeNotificationPipe()
            if let reader = pipe?.read {
                try? reader.setNonBlocking(true)
                notificationPipe = reader
            }
            return .runSpawned(pid: pid)
        case .execFailed(let error):
            return runSpawnFailed(pipe?.read, because: "unable to exec run", error)
        case .setupFailed(.notificationDescriptor, let error):
            return runSpawnFailed(pipe?.read, because: "unable to move notification descriptor", error)
        case .setupFailed(.newSession, let error):
            return runSpawnFailed(pipe?.read, because: "unable to setsid", error)
        case .setupFailed(.standardDescriptors, let error):
            return runSpawnFailed(pipe?.read, because: "unable to set up standard descriptors", error)
        }
    }

    /// The child could not become `run`: report as s6 does (the child's fatal line, then the
    /// parent's warning) and retry in 10 seconds.
    private func runSpawnFailed(_ pipeReader: FileDescriptor?, because reason: String, _ error: Errno) -> SupervisorInput {
        pipeReader?.close()
        messages.emit("\(diagnostics.program) (child): fatal: \(reason): \(error)")
        warn("unable to spawn ./run - waiting 10 seconds")
        return .runSpawnFailed(systemFailure: false)
    }

    private func spawnFinish(_ arguments: [String]) -> SupervisorInput {
        let argv = ["finish"] + arguments + [serviceDirectory]
        do {
            let result = try ProcessControl.spawn("./finish", arguments: argv, descriptors: childDescriptors, waitForExec: false)
            if case .running(let pid) = result { return .finishSpawned(pid: pid) }
            return .finishSpawnFailed
        } catch {
            warn("unable to spawn ./finish: \(error)")
            return .finishSpawnFailed
        }
    }

    private func recordDeath(_ record: DeathRecord) {
        let limit = files.maxDeathTally()
        guard limit > 0 else { return }
        let existing = (try? SafeFile.read("supervise/death_tally", limit: 1 << 20)).map(DeathRecord.decodeAll) ?? []
        let bytes = DeathRecord.appending(record, to: existing, limit: limit)
        do {
            try SafeFile.replace("supervise/death_tally", with: bytes, temporaryPath: "supervise/death_tally.new")
        } catch {
            warn("unable to write death_tally: \(error)")
        }
    }
}

/// Where the supervisor's own messages go: stderr, or the service log in logging mode (never
/// through the pipe itself: a full pipe must not block the supervisor on its own output).
/// In the log they are written at once, stamped like the service's lines (a message held back
/// until the service writes something would hide an exec failure from pgctl).
final class MessageSink {
    /// Set once logging mode is set up.
    var capture: OutputCapture?
    /// `s6-supervise <dir>`, for warnings about writing the log itself.
    private let program: String

    /// A sink for the messages of `program`.
    init(program: String) { self.program = program }

    /// Emits one message line (without newline).
    func emit(_ line: String) {
        if let capture {
            capture.record(line) { self.emit("\(self.program): warning: \($0)") }
        } else {
            writeToStandardError(line + "\n")
        }
    }
}
