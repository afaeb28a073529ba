import SuperviseStatus
import SuperviseSystem

/// Lets a waiting tool clean up its listener FIFOs when it is told to stop.
///
/// SIGINT, SIGTERM and SIGHUP are blocked and read through a signalfd that the wait polls
/// with the listener FIFOs. When one arrives the wait returns, the FIFOs are removed, and
/// ``dieOfPendingSignal()`` restores the default disposition and unblocks the signal, so the
/// tool still dies of it as the real one would (its parent sees the same wait status).
/// Only for single-threaded executables: the signals are blocked in the calling thread.
struct WaitInterruption {
    /// The signals that interrupt a wait.
    static let signals: [Int32] = [SignalNumber.hup, SignalNumber.int, SignalNumber.term]

    /// The signalfd, or nil if it could not be set up (the wait then runs without it, and an
    /// interrupted tool leaves a reader-less FIFO that the supervisor removes at its next
    /// event).
    let descriptor: FileDescriptor?

    /// Blocks the signals and opens the signalfd.
    init() {
        descriptor = try? Signals.openSignalFD(Self.signals)
    }

    /// Dies of the signal that interrupted the wait; exits 111 if it cannot be read.
    func dieOfPendingSignal() -> Never {
        if let descriptor, let signal = try? Signals.readSignal(from: descriptor) {
            Signals.restoreDefault(signal)
            Signals.unblock(Self.signals)
            Signals.raiseInCurrentProcess(signal)
            ProcessControl.exitImmediately(128 + signal)
        }
        ProcessControl.exitImmediately(S6ExitCode.systemCallFailed)
    }
}
