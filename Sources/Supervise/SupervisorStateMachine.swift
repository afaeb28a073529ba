import SuperviseStatus
import SuperviseSystem

/// The s6-supervise 2.11 state machine, without side effects: inputs in, actions out.
///
/// The event loop (``Supervisor``) performs the actions and feeds the results of spawns back in
/// as inputs. Every transition follows §6 of the protocol notes.
public struct SupervisorStateMachine {
    /// Delay before respawning after a failed exec of `run`.
    public static let execFailureRetryMilliseconds: Int64 = 10_000
    /// Delay before retrying after pipe/fork failed.
    public static let systemFailureRetryMilliseconds: Int64 = 60_000
    /// Minimum delay between a down-and-ready moment and the next automatic spawn.
    public static let restartThrottleMilliseconds: Int64 = 1_000
    /// Interval of repeated SIGKILLs to a process that outlives its deadline.
    public static let killRepeatMilliseconds: Int64 = 5_000

    /// The current state.
    public private(set) var state: SupervisorState = .down
    /// The record mirrored in `supervise/status`.
    public private(set) var status: StatusRecord
    /// When the next automatic spawn may happen (set by readiness), nil if not set.
    public private(set) var nextStart: MonotonicInstant?
    /// The armed deadline, if any.
    public private(set) var timer: MonotonicInstant?
    /// Whether a `timeout-kill` deadline is armed for the running process.
    public private(set) var dying = false
    /// Whether a readiness probe runs for the current `run` (pgctl's extension; never set
    /// without a probe file, so the machine is then exactly s6's).
    public private(set) var probing = false

    private let settings: any ServiceSettings

    /// Creates the machine at supervisor start: the initial status has stamp = readystamp = now,
    /// pid 0, ready, and want-up unless a `down` file exists.
    public init(wantUp: Bool, at now: Moment, settings: any ServiceSettings) {
        self.settings = settings
        var flags: StatusRecord.Flags = [.ready]
        if wantUp { flags.insert(.wantUp) }
        status = StatusRecord(stamp: now.wall, readyStamp: now.wall, pid: 0, waitStatus: WaitStatus(rawValue: 0), flags: flags)
    }

    /// The actions of start-up: write the initial status, notify `s`, and fire the timer at once
    /// (so `run` is spawned right away when wanted up).
    public mutating func start(at now: Moment) -> [SupervisorAction] {
        timer = now.monotonic
        return [.writeStatus(status), .notify([.start]), .setTimer(timer)]
    }

    /// Handles one input and returns what to do, in order.
    public mutating func handle(_ input: SupervisorInput, at now: Moment) -> [SupervisorAction] {
        switch input {
        case .timerFired: return timerFired(now)
        case .command(let command): return handle(command, now)
        case .signal(let signal): return handle(signal: signal, now)
        case .runSpawned(let pid): return runSpawned(pid, now)
        case .runSpawnFailed(let systemFailure):
            let delay = systemFailure ? Self.systemFailureRetryMilliseconds : Self.execFailureRetryMilliseconds
            return arm(now.monotonic.adding(milliseconds: delay))
        case .childExited(let pid, let wstat): return childExited(pid, wstat, now)
        case .finishSpawned(let pid): return finishSpawned(pid, now)
        case .finishSpawnFailed: return downAndReady(events: [.died, .downReady], now)
        case .readinessNotified: return readiness(now)
        case .probePassed: return probePassed(now)
        }
    }

    /// A reaped child: `run` while it is up, `finish` while it runs; any other pid (one the
    /// machine has already left behind, or none of its own) changes nothing.
    private mutating func childExited(_ pid: Int32, _ wstat: WaitStatus, _ now: Moment) -> [SupervisorAction] {
        guard pid > 0, UInt64(pid) == status.pid else { return [] }
        if state.isRunUp { return [.drainOutput] + runDied(wstat, now) }
        guard state.isFinishing else { return [] }
        if wstat.exited && wstat.exitCode == 125 {
            status.flags.remove(.wantUp)
            return [.drainOutput] + downAndReady(events: [.permanentFailure, .downReady], now)
        }
        return [.drainOutput] + downAndReady(events: [.downReady], now)
    }

    // MARK: - Commands

    private mutating func handle(_ command: ControlCommand, _ now: Moment) -> [SupervisorAction] {
        if let signal = command.deliveredSignal {
            return state.isRunUp ? [.sendSignal(signal, to: status.pid)] : []
        }
        switch command {
        case .pause:
            guard state.isRunUp else { return [] }
            status.flags.insert(.paused)
            return [.sendSignal(SignalNumber.stop, to: status.pid), .writeStatus(status)]
        case .cont:
            guard state.isRunUp else { return [] }
            status.flags.remove(.paused)
            return [.sendSignal(SignalNumber.cont, to: status.pid), .writeStatus(status)]
        case .restart:
            return state.isRunUp ? [.sendSignal(settings.downSignal(), to: status.pid)] : []
        case .once:
            return setWantUp(false) + (state == .down ? [.spawnRun] : [])
        case .down:
            return state.isRunUp ? takeDown(now) : setWantUp(false)
        case .up:
            return setWantUp(true) + (state == .down ? [.spawnRun] : [])
        case .downPermanently:
            return [.createDownFile] + (state.isRunUp ? takeDown(now) : setWantUp(false))
        case .upPermanently:
            return [.removeDownFile] + setWantUp(true) + (state == .down ? [.spawnRun] : [])
        case .exit:
            return exitWhenDown()
        case .onceAtMost:
            return setWantUp(false)
        case .downFileOnly:
            return [.createDownFile] + setWantUp(false)
        default:
            return []
        }
    }

    private mutating func setWantUp(_ wanted: Bool) -> [SupervisorAction] {
        if wanted { status.flags.insert(.wantUp) } else { status.flags.remove(.wantUp) }
        return [.writeStatus(status)]
    }

    /// want up = 0; down-signal; SIGCONT; paused = 0; write status; arm timeout-kill.
    private mutating func takeDown(_ now: Moment) -> [SupervisorAction] {
        status.flags.remove(.wantUp)
        status.flags.remove(.paused)
        var actions: [SupervisorAction] = [
            .sendSignal(settings.downSignal(), to: status.pid),
            .sendSignal(SignalNumber.cont, to: status.pid),
            .writeStatus(status),
        ]
        let killAfter = settings.timeoutKill()
        if killAfter > 0 {
            dying = true
            actions += arm(now.monotonic.adding(milliseconds: killAfter))
        }
        return actions
    }

    // MARK: - Signals to the supervisor

    private mutating func handle(signal: Int32, _ now: Moment) -> [SupervisorAction] {
        switch signal {
        case SignalNumber.term:
            switch state {
            case .down: return [.exit]
            case .up:
                state = .lastUp
                return takeDown(now)
            case .lastUp: return takeDown(now)
            case .finish:
                state = .lastFinish
                return [.detachStandardIO]
            case .lastFinish: return []
            }
        case SignalNumber.hup:
            return exitWhenDown()
        case SignalNumber.quit:
            return [.exit]
        case SignalNumber.int:
            return state == .down ? [.exit] : [.sendSignalToGroup(SignalNumber.int, of: status.pid), .exit]
        default:
            return []
        }
    }

    /// `x` and SIGHUP: exit now if down; otherwise enter the "last" state (exit once the
    /// service is down and finish has run) and detach from stdin/stdout.
    private mutating func exitWhenDown() -> [SupervisorAction] {
        switch state {
        case .down: return [.exit]
        case .up: state = .lastUp
        case .finish: state = .lastFinish
        case .lastUp, .lastFinish: break
        }
        return [.detachStandardIO]
    }

    // MARK: - Timer

    private mutating func timerFired(_ now: Moment) -> [SupervisorAction] {
        timer = nil
        switch state {
        case .down:
            return status.flags.contains(.wantUp) ? [.spawnRun] : [.setTimer(nil)]
        case .up, .lastUp:
            guard dying else { return [.warn("timer fired while up, ignoring"), .setTimer(nil)] }
            return [.sendSignal(SignalNumber.kill, to: status.pid)]
                + arm(now.monotonic.adding(milliseconds: Self.killRepeatMilliseconds))
        case .finish, .lastFinish:
            status.flags.remove(.paused)
            return [
                .warn("finish script lifetime reached maximum value - sending it a SIGKILL"),
                .sendSignal(SignalNumber.cont, to: status.pid),
                .writeStatus(status),
                .sendSignal(SignalNumber.kill, to: status.pid),
            ] + arm(now.monotonic.adding(milliseconds: Self.killRepeatMilliseconds))
        }
    }

    private mutating func arm(_ deadline: MonotonicInstant?) -> [SupervisorAction] {
        timer = deadline
        return [.setTimer(deadline)]
    }

    // MARK: - Process lifecycle

    private mutating func runSpawned(_ pid: Int32, _ now: Moment) -> [SupervisorAction] {
        state = .up
        status.pid = UInt64(pid)
        status.flags.remove(.ready)
        status.stamp = now.wall
        nextStart = nil
        dying = false
        probing = settings.hasReadinessProbe()
        return arm(nil) + [.writeStatus(status), .notify([.up])] + (probing ? [.startProbe] : [])
    }

    /// The probe passed: the transition of a notification line (ready flag, readystamp, the
    /// restart throttle's reference, `U`), then the probe stops.
    private mutating func probePassed(_ now: Moment) -> [SupervisorAction] {
        guard probing else { return [] }
        probing = false
        guard state.isRunUp, !status.flags.contains(.ready) else { return [.stopProbe] }
        nextStart = now.monotonic.adding(milliseconds: Self.restartThrottleMilliseconds)
        status.readyStamp = now.wall
        status.flags.insert(.ready)
        return [.writeStatus(status), .notify([.ready]), .stopProbe]
    }

    private mutating func readiness(_ now: Moment) -> [SupervisorAction] {
        guard state.isRunUp, !status.flags.contains(.ready) else { return [.closeNotificationPipe] }
        nextStart = now.monotonic.adding(milliseconds: Self.restartThrottleMilliseconds)
        status.readyStamp = now.wall
        status.flags.insert(.ready)
        return [.writeStatus(status), .notify([.ready]), .closeNotificationPipe]
    }

    private mutating func runDied(_ wstat: WaitStatus, _ now: Moment) -> [SupervisorAction] {
        guard state.isRunUp else { return [] }
        status.waitStatus = wstat
        status.flags.remove(.paused)
        status.flags.remove(.ready)
        dying = false
        status.stamp = now.wall
        state = state == .up ? .finish : .lastFinish
        let code = wstat.signaled ? 256 : wstat.exitCode
        let signal = wstat.signaled ? Int(wstat.signal) : Int(wstat.rawValue & 0x7f)
        let stopProbe: [SupervisorAction] = probing ? [.stopProbe] : []
        probing = false
        return [.closeNotificationPipe] + stopProbe + [
            .recordDeath(DeathRecord(stamp: now.wall, waitStatus: wstat)),
            .spawnFinish(arguments: [String(code), String(signal)]),
        ]
    }

    private mutating func finishSpawned(_ pid: Int32, _ now: Moment) -> [SupervisorAction] {
        status.pid = UInt64(pid)
        status.flags.insert(.finishing)
        let limit = settings.timeoutFinish()
        return [.writeStatus(status), .notify([.died])]
            + arm(limit > 0 ? now.monotonic.adding(milliseconds: limit) : nil)
    }

    /// `finish` ended (or could not be forked): pid 0, ready, DOWN, respawn timer; exit from
    /// the "last" states.
    private mutating func downAndReady(events: [SupervisorEvent], _ now: Moment) -> [SupervisorAction] {
        let wasLast = state.isLast
        state = .down
        status.pid = 0
        status.flags.remove(.finishing)
        status.flags.insert(.ready)
        status.readyStamp = now.wall
        var actions: [SupervisorAction] = [.writeStatus(status), .notify(events)]
        if wasLast { return actions + [.exit] }
        actions += arm(nextStart ?? now.monotonic.adding(milliseconds: Self.restartThrottleMilliseconds))
        return actions
    }
}
