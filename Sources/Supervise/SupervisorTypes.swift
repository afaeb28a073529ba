import ServiceDefinition
import SuperviseStatus
import SuperviseSystem

/// The five states of s6-supervise (§6.1 of the protocol notes).
public enum SupervisorState: Equatable, Sendable {
    /// Nothing runs; a timer may be armed for the next spawn.
    case down
    /// `run` is alive.
    case up
    /// `run` died and `finish` is alive.
    case finish
    /// Like `up`, but the supervisor exits once the service is down.
    case lastUp
    /// Like `finish`, but the supervisor exits when `finish` ends.
    case lastFinish

    /// `up` or `lastUp`: a `run` process exists.
    public var isRunUp: Bool { self == .up || self == .lastUp }
    /// `finish` or `lastFinish`.
    public var isFinishing: Bool { self == .finish || self == .lastFinish }
    /// One of the "last" states.
    public var isLast: Bool { self == .lastUp || self == .lastFinish }
}

/// A moment, read from both clocks: monotonic for deadlines, wall for stamps.
public struct Moment: Sendable, Equatable {
    /// For deadlines and throttling.
    public var monotonic: MonotonicInstant
    /// For the stamps written to disk.
    public var wall: TAI64N

    /// Creates a moment from its two readings.
    public init(monotonic: MonotonicInstant, wall: TAI64N) {
        self.monotonic = monotonic
        self.wall = wall
    }

    /// Reads both clocks now.
    public static func now() -> Moment {
        let wall = WallClock.now()
        return Moment(monotonic: .now, wall: TAI64N(unixSeconds: wall.seconds, nanoseconds: wall.nanoseconds))
    }
}

/// Something that happened, fed to ``SupervisorStateMachine/handle(_:at:)``.
public enum SupervisorInput: Equatable, Sendable {
    /// The armed deadline passed.
    case timerFired
    /// A byte from the control FIFO.
    case command(ControlCommand)
    /// SIGTERM, SIGHUP, SIGQUIT or SIGINT was delivered to the supervisor.
    case signal(Int32)
    /// `run` was exec'd: the result of ``SupervisorAction/spawnRun``.
    case runSpawned(pid: Int32)
    /// `run` could not be exec'd (retry in 10 s) or pipe/fork failed (retry in 60 s).
    case runSpawnFailed(systemFailure: Bool)
    /// A child of the supervisor was reaped with this status. The machine decides what it
    /// was: the running `run`, the running `finish`, or a stale pid it has already left
    /// behind (ignored).
    case childExited(pid: Int32, status: WaitStatus)
    /// `finish` was forked: the result of ``SupervisorAction/spawnFinish(arguments:)``.
    case finishSpawned(pid: Int32)
    /// Forking `finish` failed.
    case finishSpawnFailed
    /// A newline arrived on the readiness pipe.
    case readinessNotified
    /// The readiness probe started by ``SupervisorAction/startProbe`` passed (pgctl's
    /// extension): the same transition as a notification line.
    case probePassed
}

/// Something the event loop must do, produced by the state machine.
public enum SupervisorAction: Equatable, Sendable {
    /// Fork and exec `./run`; answer with `runSpawned` or `runSpawnFailed`.
    case spawnRun
    /// Fork `./finish` with these arguments after argv[0]; answer with `finishSpawned` or
    /// `finishSpawnFailed`.
    case spawnFinish(arguments: [String])
    /// `kill(pid, signal)`.
    case sendSignal(Int32, to: UInt64)
    /// `killpg(getpgid(pid), signal)`.
    case sendSignalToGroup(Int32, of: UInt64)
    /// Write this record to `supervise/status` atomically.
    case writeStatus(StatusRecord)
    /// Write these bytes to every listener of `event/`.
    case notify([SupervisorEvent])
    /// Arm the single deadline timer at this instant, or disarm it with nil. The loop keeps
    /// this value: it is the only deadline it waits for.
    case setTimer(MonotonicInstant?)
    /// The process that just died was `run` or `finish`: read what it left in the output pipe
    /// and end its unfinished last line, before anything else is logged.
    case drainOutput
    /// Create the `down` file.
    case createDownFile
    /// Remove the `down` file.
    case removeDownFile
    /// Reopen the supervisor's fd 0 and 1 on /dev/null.
    case detachStandardIO
    /// Append a death to `supervise/death_tally`.
    case recordDeath(DeathRecord)
    /// Close the readiness pipe.
    case closeNotificationPipe
    /// Start the service's readiness probe (`ready-tcp`, `ready-http`, `ready-log`) for the
    /// `run` just spawned; answer with ``SupervisorInput/probePassed`` when it passes.
    /// Only produced when ``ServiceSettings/hasReadinessProbe()`` says there is one.
    case startProbe
    /// Stop the running readiness probe (it passed, or `run` died).
    case stopProbe
    /// Print a warning.
    case warn(String)
    /// Notify `x` and exit 0.
    case exit
}

/// Settings the state machine reads from the service directory when it needs them.
/// s6-supervise re-reads each file at each use, so implementations should too.
public protocol ServiceSettings {
    /// The signal for `d`, `D`, `r` and SIGTERM (file `down-signal`, default SIGTERM).
    func downSignal() -> Int32
    /// Milliseconds before SIGKILL after a take-down (file `timeout-kill`, 0 = never).
    func timeoutKill() -> Int64
    /// Milliseconds `finish` may run (file `timeout-finish`, default 5000, 0 = unlimited).
    func timeoutFinish() -> Int64
    /// Whether `run` is probed for readiness by the supervisor (a `ready-tcp`, `ready-http`
    /// or `ready-log` file, and no `notification-fd`): pgctl's extension, read at each spawn.
    func hasReadinessProbe() -> Bool
}

extension ServiceSettings {
    /// No probe unless an implementation says so: the plain s6 behaviour.
    public func hasReadinessProbe() -> Bool { false }
}

/// The supervisor reads its settings as s6 does: each file at each use, a bad file a warning.
extension LiveServiceFiles: ServiceSettings {}
