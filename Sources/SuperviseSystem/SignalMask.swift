import Glibc

extension Signals {
    /// Removes `signals` from the calling thread's blocked set (`sigprocmask(SIG_UNBLOCK)`);
    /// a pending one is delivered before this returns. Used by the s6 client tools to die of a
    /// signal they had blocked for their signalfd, after cleaning up.
    public static func unblock(_ signals: [Int32]) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    /// Sends `signal` to the calling process (`raise(3)`).
    public static func raiseInCurrentProcess(_ signal: Int32) {
        _ = Glibc.raise(signal)
    }
}
