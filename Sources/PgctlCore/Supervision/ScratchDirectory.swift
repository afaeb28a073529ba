import SuperviseSystem

/// The per-service scratch directory `<pghome>/<absolute service path>` (spec §1.4) and the
/// `<svc>/supervise` symbolic link into it, so that FIFOs and locks never live in the project.
///
/// `pghome` itself is created like `mkdir -p` (it is the user's setting, symbolic links in it
/// are followed). Below `pghome` every component is walked with `openat(O_NOFOLLOW |
/// O_DIRECTORY)` (``PrivateDirectoryWalk``), on every command, the fast path included: missing
/// components are created mode 0700 (only when starting), and a symbolic link, a file or a
/// directory owned by another user is refused, so nobody can redirect pgctl's state by planting
/// a link in a shared place.
///
/// Only `start` and `debug` create anything (``prepare(for:pghome:)``). `stop` and `log` re-link
/// to a scratch directory that exists (``relinkIfPresent(for:)``), so that a never-started
/// service is left without a dangling link; `status` changes nothing (``statusDirectory(for:)``).
struct ScratchDirectory {
    /// `<pghome><service path>`.
    let path: String
    /// `pghome` without a trailing slash.
    private let home: String
    /// `<path>/supervise`, the target of the `<svc>/supervise` link.
    var supervisePath: String { path + "/supervise" }

    /// The scratch directory of `service` under `pghome` (nothing is created).
    init(service: Service, pghome: String) {
        home = Self.normalized(pghome)
        path = home + service.path
    }

    /// Creates the scratch directory and its `supervise/` sub-directory if needed, and makes
    /// `<svc>/supervise` a link to it (re-created if missing or pointing elsewhere: this is
    /// what lets pgctl find running services again after a `git clean`).
    func prepare(for service: Service, pghome: String) throws(PgctlError) {
        if try isInPlace(for: service) { return }
        try Self.makeDirectories(home)
        try walk(create: true)
        try linkSupervise(in: service, replacingOtherLinks: true)
    }

    /// For commands that must not create a scratch directory (`stop`, `log`): when our
    /// `supervise/` exists (walked safely), a missing or dangling `<svc>/supervise` link is
    /// re-created to it; a link to elsewhere is left (it may lead to a running supervisor).
    /// Otherwise nothing is created: a never-started service gets no link at all.
    func relinkIfPresent(for service: Service) throws(PgctlError) {
        let link = service.path + "/supervise"
        if (try? FileSystem.readLink(link)) == supervisePath {
            try walk(create: false)  // refuses a link planted below pghome; a missing target stays missing
            return
        }
        if (try? FileSystem.kind(of: link)) != nil && FileSystem.exists(link) { return }
        guard try walk(create: false) == .present else { return }
        try linkSupervise(in: service, replacingOtherLinks: false)
    }

    /// The directory `status` reads the supervisor's files from, changing nothing on disk: the
    /// service directory when `<svc>/supervise` exists (whatever it links to), else this scratch
    /// directory when its `supervise/` exists (after a `git clean` wiped the link), else the
    /// service directory (nothing runs).
    func statusDirectory(for service: Service) throws(PgctlError) -> String {
        if (try? FileSystem.kind(of: service.path + "/supervise")) != nil { return service.path }
        return try walk(create: false) == .present ? path : service.path
    }

    /// The fast path of every command after the first: `<svc>/supervise` already links to
    /// our `supervise/` directory, and every component below pghome is a directory of ours.
    private func isInPlace(for service: Service) throws(PgctlError) -> Bool {
        guard (try? FileSystem.readLink(service.path + "/supervise")) == supervisePath else { return false }
        return try walk(create: false) == .present
    }

    /// Walks the components from pghome down to `supervise/`, creating them or not.
    @discardableResult
    private func walk(create: Bool) throws(PgctlError) -> PrivateDirectoryWalk.Outcome {
        let components = path.dropFirst(home.count).split(separator: "/").map(String.init) + ["supervise"]
        let base = home.isEmpty ? "/" : home
        do {
            return try PrivateDirectoryWalk.walk(base: base, components: components, create: create, owner: ProcessControl.effectiveUserID)
        } catch {
            if !create, case .system(_, _, let errno) = error, errno == .noSuchFile, error.path == base {
                return .missing(path: base)
            }
            throw Self.refusal(error)
        }
    }

    /// The message for a walk that stopped: what is wrong, and where.
    private static func refusal(_ error: PrivateDirectoryError) -> PgctlError {
        switch error {
        case .symbolicLink(let path):
            return PgctlError("refusing to use the scratch directory \(path): it is a symbolic link")
        case .notDirectory(let path):
            return PgctlError("refusing to use the scratch directory \(path): it is not a directory")
        case .foreignOwner(let path, let uid):
            return PgctlError("refusing to use the scratch directory \(path): it belongs to another user (uid \(uid))")
        case .system(let operation, let path, let errno):
            let verb = operation == "mkdir" ? "create" : "open"
            return PgctlError("cannot \(verb) directory \(path): \(errno)")
        }
    }

    /// Points `<svc>/supervise` at our `supervise/` (`ln -sfn`: built under a temporary name,
    /// then renamed over the old link). A real directory there is left to its owner, a file
    /// is never replaced, and a link elsewhere is replaced only with `replacingOtherLinks`
    /// (a dangling one always).
    private func linkSupervise(in service: Service, replacingOtherLinks: Bool) throws(PgctlError) {
        let link = service.path + "/supervise"
        if let kind = try? FileSystem.kind(of: link) {
            switch kind {
            case .directory: return  // a real supervise dir: leave it to its owner
            case .symlink:
                if (try? FileSystem.readLink(link)) == supervisePath { return }
                if !replacingOtherLinks && FileSystem.exists(link) { return }
            default:  // never replace a user's file
                throw PgctlError("refusing to replace \(link): it is not a directory or a symbolic link")
            }
        }
        let temporary = service.path + "/.supervise.pgctl-\(ProcessControl.currentPID)"
        try? FileSystem.unlink(temporary)
        do {
            try FileSystem.makeSymbolicLink(supervisePath, at: temporary)
        } catch {
            throw PgctlError("cannot create the symbolic link \(link): \(error)")
        }
        do {
            try FileSystem.rename(temporary, to: link)
        } catch {
            try? FileSystem.unlink(temporary)
            throw PgctlError("cannot create the symbolic link \(link): \(error)")
        }
    }

    /// `mkdir -p path` with mode 0700 for what it creates.
    private static func makeDirectories(_ path: String) throws(PgctlError) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            do {
                try FileSystem.makeDirectory(current, mode: 0o700)
            } catch {
                if error != .exists { throw PgctlError("cannot create directory \(current): \(error)") }
            }
        }
        guard (try? FileSystem.kind(of: path.isEmpty ? "/" : path, followLinks: true)) == .directory else {
            throw PgctlError("pghome \(path) is not a directory")
        }
    }

    /// `pghome` without a trailing slash ("" for `/`).
    private static func normalized(_ pghome: String) -> String {
        var home = pghome
        while home.count > 1 && home.hasSuffix("/") { home.removeLast() }
        return home == "/" ? "" : home
    }
}
