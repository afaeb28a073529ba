/// Runs a ``ServiceWaiter`` as a tool and reports the result the way the s6 listener
/// program of its flavour does: `s6-svwait` for ``WaitFlavor/svwait``, `s6-svlisten1` for
/// ``WaitFlavor/svlisten1`` (whose messages `s6-svc -w` prints, since the real one execs it).
struct ListenerRun {
    /// The wait to run.
    let waiter: ServiceWaiter
    /// Milliseconds, 0 for no deadline.
    let timeout: UInt32

    /// The diagnostics of the program whose behaviour is reproduced.
    var output: ToolOutput {
        switch waiter.flavor {
        case .svwait: return SvwaitTool.output
        case .svlisten1:
            return ToolOutput(program: "s6-svlisten1",
                              usage: "s6-svlisten1 [ -U | -u | -d | -D | -r | -R ] [ -t timeout ] servicedir prog...")
        }
    }

    /// Waits, calling `afterStatusRead` once every status has been read, and returns the exit
    /// code: 0, 99 on timeout, the number of failures (`s6-svwait`) or 1 (`s6-svlisten1`),
    /// 111 on a system call failure. An interrupting signal kills the process once the
    /// listener FIFOs are gone.
    func execute(afterStatusRead: () -> Void = {}) -> Int32 {
        let interruption = WaitInterruption()
        let outcome: WaitOutcome
        do {
            outcome = try waiter.run(deadline: Deadline.after(milliseconds: timeout),
                                     interruption: interruption.descriptor, afterStatusRead: afterStatusRead)
        } catch {
            return output.report(.fatal(error.s6Message, exitCode: error.exitCode))
        }
        switch outcome {
        case .satisfied:
            return S6ExitCode.success
        case .timedOut:
            return output.report(.fatal("timed out", exitCode: S6ExitCode.timedOut))
        case .interrupted:
            interruption.dieOfPendingSignal()
        case .failed(let count):
            switch waiter.flavor {
            case .svwait:
                // The exit code is the failure count; like the real tool it is not capped, so the
                // kernel keeps its low 8 bits.
                return output.report(.fatal("some services reported permanent failure or their supervisor died",
                                            exitCode: Int32(truncatingIfNeeded: count)))
            case .svlisten1:
                let directory = waiter.directories.first ?? ""
                return output.report(.fatal("\(directory) failed permanently or its supervisor died", exitCode: 1))
            }
        }
    }
}
