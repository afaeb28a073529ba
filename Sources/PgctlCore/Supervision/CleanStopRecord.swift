import SuperviseSystem

/// Proof that nothing of a service has run since pgctl last saw it stopped cleanly, so that
/// `start` (and an already-stopped `stop`) can skip the `/proc` scan for escaped processes
/// (spec §2.2, §2.9) — a few thousand system calls, the largest part of starting a service.
///
/// `stop` writes `<scratch>/clean-stop` once a service is verified stopped (no supervisor, the
/// service lock free, and a `/proc` scan finding nothing): it holds the bytes of
/// `supervise/status` at that moment (empty if there is none). The record stays valid while
/// the status file is unchanged: any supervisor started on the service directory — by pgctl,
/// by hand, by the real s6 — rewrites the status, and `start` and `debug` remove the record
/// before starting anything. A missing record (first start, scratch directory deleted by a
/// `git clean`, supervisor killed while running) means: scan.
struct CleanStopRecord {
    /// `<scratch>/clean-stop`.
    let path: String
    /// `<svc>/supervise/status`.
    let statusPath: String

    init(service: Service, pghome: String) {
        path = ScratchDirectory(service: service, pghome: pghome).path + "/clean-stop"
        statusPath = service.path + "/supervise/status"
    }

    /// Records the service as cleanly stopped now (best effort: without a record, the next
    /// start scans, which is always correct).
    func record() {
        let status = Self.contents(of: statusPath) ?? []
        try? SafeFile.replace(path, with: status, temporaryPath: path + ".new")
    }

    /// Whether the record exists and the status file is still what it was at the clean stop.
    var isValid: Bool {
        guard let recorded = Self.contents(of: path) else { return false }
        return recorded == (Self.contents(of: statusPath) ?? [])
    }

    /// Removes the record: something of the service is about to run.
    func invalidate() {
        try? FileSystem.unlink(path)
    }

    /// The first 64 bytes of `path`, nil if it cannot be read (or is a symbolic link).
    private static func contents(of path: String) -> [UInt8]? {
        try? SafeFile.read(path, limit: 64)
    }
}
