import Glibc

/// The CPU time the calling thread has used (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`), for
/// timing traces that must not count the time spent waiting for a CPU on a busy machine.
public enum ThreadCPUClock {
    /// The thread's CPU time so far, in seconds.
    public static func seconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
