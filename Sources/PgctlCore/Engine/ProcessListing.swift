import Foundation

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

    private static let executable: String? = ["/usr/bin/ps", "/bin/ps"].first { access($0, X_OK) == 0 }
}

/// The texts pgctl prints about processes that outlived their supervision (spec §2.2, §2.8,
/// §2.9). Each block ends with an empty line.
enum RunawayText {
    /// The force-kill warning of a stop that timed out.
    static func killingRunaways(_ listing: ProcessListing) -> String {
        "[pgctl] WARNING: Killing these runaway processes which did not stop:\n" + listing.text + "\n"
            + "This usually means these processes are buggy.\n"
            + "Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services\n\n"
    }

    /// The warning of a start that found processes left behind by a dead supervisor.
    static func killingEscapees(_ listing: ProcessListing) -> String {
        "[pgctl] WARNING: Killing these processes which were still running but escaped supervision:\n" + listing.text + "\n"
            + "This usually means that s6-supervise was not stopped cleanly (e.g. manually killed).\n"
            + "Learn more: https://pgctl.readthedocs.io/en/latest/user/usage.html#stop\n\n"
    }

    /// The reason of a stop failure caused by processes that did not stop. `lockHeld`: found
    /// because they hold the service lock (then pgctl would have killed them without
    /// `--no-force`).
    static func runawaysDidNotStop(_ listing: ProcessListing, lockHeld: Bool) -> String {
        "these runaway processes did not stop:\n" + listing.text + "\n"
            + "This usually means these processes are buggy.\n"
            + (lockHeld ? "Normally pgctl would kill these automatically for you, but you specified the --no-force option.\n" : "")
            + "Learn more: https://pgctl.readthedocs.org/en/latest/user/quickstart.html#writing-playground-services\n"
    }

    /// Kills `pids` with SIGKILL (errors ignored) after listing them; returns the warning
    /// made by `format`, or nil when nothing was running any more.
    static func kill(_ pids: [Int32], format: (ProcessListing) -> String) -> String? {
        guard !pids.isEmpty else { return nil }
        let listing = ProcessListing.forest(pids)
        for pid in pids { _ = Glibc.kill(pid, SIGKILL) }
        return listing.isEmpty ? nil : format(listing)
    }
}
