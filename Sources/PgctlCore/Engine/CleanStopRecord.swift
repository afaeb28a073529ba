import Foundation

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
        let temporary = path + ".new"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }
        let written = status.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == status.count {
            rename(temporary, path)
        } else {
            unlink(temporary)
        }
    }

    /// Whether the record exists and the status file is still what it was at the clean stop.
    var isValid: Bool {
        guard let recorded = Self.contents(of: path) else { return false }
        return recorded == (Self.contents(of: statusPath) ?? [])
    }

    /// Removes the record: something of the service is about to run.
    func invalidate() {
        unlink(path)
    }

    /// The first 64 bytes of `path`, nil if it cannot be opened.
    private static func contents(of path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        var count = 0
        while count < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n > 0 { count += n } else if n < 0 && errno == EINTR { continue } else { break }
        }
        return Array(buffer[0..<count])
    }
}
