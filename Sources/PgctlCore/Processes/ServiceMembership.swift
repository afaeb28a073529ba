import SuperviseSystem

/// Whether a process that holds a descriptor on a service directory belongs to the service
/// (a runaway pgctl may kill) or is a bystander of another user that merely opened the
/// directory (reported, never signalled).
///
/// A process of our own user (real and effective uid) with the directory open is the
/// service's, as pgctl 5.2.1's `fuser` check had it. A process of another user belongs to the
/// service only with proof, whatever user it now runs as (a service may drop privileges):
/// it shares the service lock — one of its descriptors on the directory carries an `flock`
/// (`/proc/<pid>/fdinfo/<fd>` lists it as a `lock:` line) — or its initial environment
/// carries the service's marker (`PGCTL_SERVICE=<path>` with `PGCTL_SERVICE_PROCESS=true`).
/// Root's pgctl so never kills another user's process that just looked into the directory.
enum ServiceMembership {
    /// Our effective uid, which both uids of one of "our" processes must equal.
    static let me = ProcessControl.effectiveUserID

    /// Whether `pid`, found holding a descriptor on the directory `identity` of `servicePath`,
    /// belongs to that service.
    static func belongs(pid: Int32, holding identity: FileIdentity, servicePath: String) -> Bool {
        guard let uids = userIDs(of: pid) else { return false }  // gone, or unreadable
        if uids.real == me && uids.effective == me { return true }
        if holdsLock(pid: pid, on: identity) { return true }
        if let environ = ProcessScanner.readEnviron(pid: pid), EnvironmentTracing.tracedService(environ) == servicePath {
            return true
        }
        return false
    }

    /// The real and effective uids of `pid` (the `Uid:` line of `/proc/<pid>/status`).
    static func userIDs(of pid: Int32) -> (real: UInt32, effective: UInt32)? {
        guard let bytes = try? FileSystem.readSmallFile("/proc/\(pid)/status", limit: 4096) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }) else { return nil }
        let fields = line.dropFirst(4).split(whereSeparator: { $0 == "\t" || $0 == " " }).compactMap { UInt32($0) }
        guard fields.count >= 2 else { return nil }
        return (fields[0], fields[1])
    }

    /// Whether one of `pid`'s descriptors on `identity` carries an `flock` (a `lock:` line
    /// with `FLOCK` in its fdinfo: the lock belongs to that open file description, which the
    /// service inherited from pgctl).
    static func holdsLock(pid: Int32, on identity: FileIdentity) -> Bool {
        for fd in ProcessScanner.descriptors(of: pid, on: identity) {
            guard let bytes = try? FileSystem.readSmallFile("/proc/\(pid)/fdinfo/\(fd)", limit: 8192) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            if text.split(separator: "\n").contains(where: { $0.hasPrefix("lock:") && $0.contains("FLOCK") }) { return true }
        }
        return false
    }
}

/// The result of one `/proc` pass over several services.
struct ServiceProcessScan {
    /// Per service path, the processes that belong to it (runaways when it should be down).
    var members: [String: [Int32]] = [:]
    /// Per service path, processes of other users that merely hold the directory open.
    var bystanders: [String: [Int32]] = [:]
}

/// The warning about bystanders (spec §2.9 as amended by issue 10).
enum BystanderText {
    /// "[pgctl] WARNING: …" with the `ps` listing of `pids`, or nil when none is left.
    static func warning(_ pids: [Int32], servicePath: String) -> String? {
        guard !pids.isEmpty else { return nil }
        let listing = ProcessListing.forest(pids)
        guard !listing.isEmpty else { return nil }
        return "[pgctl] WARNING: These processes of other users have the service directory \(servicePath) open,\n"
            + "but hold neither its lock nor its environment: they are not part of the service and were not signalled:\n"
            + listing.text + "\n"
    }
}
