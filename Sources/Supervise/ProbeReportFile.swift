import SuperviseSystem

/// `supervise/readiness-probe`: what the supervisor's readiness probe is and how its last
/// attempt went, for pgctl's failure message (our extension; no s6 tool reads it). Two lines:
/// the probe (`ready-tcp 127.0.0.1:8123`) and its outcome in words that follow "its readiness
/// check <probe>": `has not answered yet`, `was refused`, `timed out`, `answered 503`,
/// `matched no line`, `passed`, … Rewritten (atomically) only when the outcome changes, so a
/// failing probe costs no writes after its first attempt. Absent when the service has no probe.
struct ProbeReportFile {
    /// The file, relative to the service directory.
    static let path = "supervise/readiness-probe"
    /// The probe as messages name it.
    let probe: String
    private var written: String?

    /// A report for `probe` (nothing is written yet).
    init(probe: String) { self.probe = probe }

    /// Records `outcome` unless it is the one already recorded.
    mutating func record(_ outcome: String) {
        guard outcome != written else { return }
        written = outcome
        try? SafeFile.replace(Self.path, with: Array("\(probe)\n\(outcome)\n".utf8), temporaryPath: Self.path + ".new")
    }

    /// Removes the file (a start without a probe must not show an old one).
    static func remove() {
        try? FileSystem.unlink(path)
    }
}
