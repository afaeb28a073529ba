import SuperviseSystem

/// How a separate `pgctl status` learns that a start is holding a service back for its
/// dependencies (issue 12): the holding pgctl keeps `<scratch>/dependency-wait` — the awaited
/// names, one per line — with an `fcntl` write lock on it for as long as it holds the service
/// back. The lock goes with the holder (released, or the process died): a marker nobody holds
/// locked is stale and ignored. It lives in the scratch directory, beside (not in) `supervise/`.
final class DependencyWaitMarkers {
    private let pghome: String
    /// The open, locked marker of each held service, by service path.
    private var held: [String: FileDescriptor] = [:]

    init(pghome: String) { self.pghome = pghome }

    deinit { removeAll() }

    /// The marker's path for `service`.
    static func path(of service: Service, pghome: String) -> String {
        ScratchDirectory(service: service, pghome: pghome).path + "/dependency-wait"
    }

    /// Writes (or replaces) the marker of `service` naming `awaited`, or removes it (nil).
    /// Best effort: the marker only feeds `status`.
    func update(_ service: Service, awaiting awaited: [Service]?) {
        let path = Self.path(of: service, pghome: pghome)
        guard let awaited else {
            if let fd = held.removeValue(forKey: service.path) {
                try? FileSystem.unlink(path)
                fd.close()
            }
            return
        }
        let temporary = PathNormalizer.parent(of: path) + "/.dependency-wait.new"
        try? FileSystem.unlink(temporary)
        guard let fd = try? SafeFile.create(temporary, mode: 0o600) else { return }
        do throws(Errno) {
            try fd.lockForWriting()
            try fd.writeAll(Array(awaited.map { $0.name + "\n" }.joined().utf8))
            try FileSystem.rename(temporary, to: path)
        } catch {
            try? FileSystem.unlink(temporary)
            fd.close()
            return
        }
        held.updateValue(fd, forKey: service.path)?.close()
    }

    /// Removes every marker still held.
    func removeAll() {
        for path in held.keys { update(Service(path: path), awaiting: nil) }
    }

    /// The names a live holder says `service` is waiting for; nil when no start holds it back.
    static func awaited(by service: Service, pghome: String) -> [String]? {
        guard let fd = try? SafeFile.open(path(of: service, pghome: pghome), [.readOnly, .nonBlocking], kind: .regular) else {
            return nil
        }
        defer { fd.close() }
        guard (try? fd.isWriteLockedByAnotherProcess()) == true, let bytes = try? fd.read(upTo: 4096) else { return nil }
        let names = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        return names.isEmpty ? nil : names
    }
}
