import SuperviseSystem

/// A `ps --forest -wwfj <pids>` listing, as pgctl prints it in its warnings and errors
/// (header `UID PID PPID PGID SID C STIME TTY STAT TIME CMD`, then one line per process).
struct ProcessListing: Equatable {
    /// The whole output, ending with a newline.
    var text: String

    /// True when `ps` printed only its header (every process had gone).
    var isEmpty: Bool { text.split(separator: "\n").count <= 1 }

    /// Runs `ps` for `pids` (sorted, duplicates removed). No pids: an empty listing.
    static func forest(_ pids: [Int32]) -> ProcessListing {
        let unique = Array(Set(pids)).sorted()
        guard !unique.isEmpty, let ps = executable else { return ProcessListing(text: "") }
        let child = ChildProcess(
            executable: ps, arguments: ["ps", "--forest", "-wwfj"] + unique.map(String.init),
            environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C"], standardInput: .file("/dev/null"),
            standardError: .file("/dev/null"))
        guard let result = try? child.runCapturingOutput(mergeStandardError: false) else {
            return ProcessListing(text: "")
        }
        var text = String(decoding: result.output, as: UTF8.self)
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        return ProcessListing(text: text)
    }

    private static let executable: String? = ["/usr/bin/ps", "/bin/ps"].first(where: FileSystem.isExecutable)
}

/// The texts pgctl prints about processes that outlived their supervision (spec §2.2, §2.8,
/// §2.9, as amended by issue 16: escaped processes are asked to stop first, and the texts say
/// which signal was sent and how to change it). Each block ends with an empty line.
enum RunawayText {
    /// The link closing the runaway texts (pgctl 5.2.1's).
    static let learnMore = "Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services\n"

    /// The force-kill warning of a stop that timed out: the first line is pgctl 5.2.1's, the
    /// explanation names the signal the service was sent and the files that change it.
    static func killingRunaways(_ listing: ProcessListing, advice: StopAdvice) -> String {
        "[pgctl] WARNING: Killing these runaway processes which did not stop:\n" + listing.text + "\n"
            + advice.lines(outcome: ", so pgctl sent them SIGKILL") + learnMore + "\n"
    }

    /// The warning of a start or stop that found processes left behind by a lost supervisor,
    /// printed when they are sent the service's stop `signal` (`targets`: the pids signalled).
    static func stoppingEscapees(_ listing: ProcessListing, signal: StopSignal, targets: [Int32], timeout: Double) -> String {
        let whom = targets.count == 1 ? "pid \(targets[0])" : "pids " + targets.map(String.init).joined(separator: ", ")
        return "[pgctl] WARNING: Stopping these processes which were still running but escaped supervision:\n" + listing.text + "\n"
            + "This usually means that s6-supervise was not stopped cleanly (e.g. manually killed).\n"
            + "pgctl sent \(signal.name) (the service's stop signal) to \(whom), as the supervisor would have done;\n"
            + "what still runs after \(StopAdvice.seconds(timeout)) seconds is killed with SIGKILL.\n"
            + "Learn more: https://pgctl.readthedocs.io/en/latest/user/usage.html#stop\n\n"
    }

    /// Why processes are still there, for ``runawaysDidNotStop(_:cause:lockHeld:)``.
    enum Cause: Equatable {
        /// They were sent the service's stop signal and had their time (`advice`).
        case signalled(StopAdvice)
        /// They were even sent SIGKILL.
        case survivedKill
        /// They hold the service lock while the service is being started.
        case holdLock

        /// The explanation lines, each ending with a newline.
        var lines: String {
            switch self {
            case .signalled(let advice): return advice.lines(outcome: "")
            case .survivedKill:
                return "They survived SIGKILL: a process stuck in the kernel (STAT D) dies when its system call returns,\n"
                    + "a zombie (STAT Z) is gone when its parent reaps it.\n"
            case .holdLock:
                return "They hold the service's lock, which a new supervisor needs: they are left from an earlier run.\n"
            }
        }
    }

    /// The reason of a stop failure caused by processes that did not stop (the explanation
    /// after the listing depends on `cause`). `lockHeld`: found because they hold the
    /// service lock (then pgctl would have killed them without `--no-force`).
    static func runawaysDidNotStop(_ listing: ProcessListing, cause: Cause, lockHeld: Bool) -> String {
        "these runaway processes did not stop:\n" + listing.text + "\n"
            + cause.lines
            + (lockHeld ? "Normally pgctl would kill these automatically for you, but you specified the --no-force option.\n" : "")
            + learnMore
    }
}
