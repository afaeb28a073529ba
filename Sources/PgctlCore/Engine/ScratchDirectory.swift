import Foundation

/// The per-service scratch directory `<pghome>/<absolute service path>` (spec §1.4) and the
/// `<svc>/supervise` symbolic link into it, so that FIFOs and locks never live in the project.
///
/// `pghome` itself is created like `mkdir -p` (it is the user's setting, symbolic links in it
/// are followed). Below `pghome` every component is walked with `openat(O_NOFOLLOW)`: missing
/// ones are created mode 0700, and a symbolic link or a directory owned by another user is
/// refused, so nobody can redirect pgctl's state by planting a link in a shared place.
struct ScratchDirectory {
    /// `<pghome><service path>`.
    let path: String
    /// `<path>/supervise`, the target of the `<svc>/supervise` link.
    var supervisePath: String { path + "/supervise" }

    /// The scratch directory of `service` under `pghome` (nothing is created).
    init(service: Service, pghome: String) {
        path = Self.normalized(pghome) + service.path
    }

    /// Creates the scratch directory and its `supervise/` sub-directory if needed, and makes
    /// `<svc>/supervise` a link to it (re-created if missing or pointing elsewhere: this is
    /// what lets pgctl find running services again after a `git clean`).
    func prepare(for service: Service, pghome: String) throws(PgctlError) {
        if isInPlace(for: service) { return }
        let home = Self.normalized(pghome)
        try Self.makeDirectories(home)
        var relative = String(path.dropFirst(home.count))
        while relative.hasPrefix("/") { relative.removeFirst() }
        try Self.walkCreatingPrivately(base: home, components: relative.split(separator: "/").map(String.init) + ["supervise"])
        try linkSupervise(in: service)
    }

    /// The fast path of every command after the first: `<svc>/supervise` already links to
    /// our `supervise/` directory, which exists and is ours (nothing to create, nothing to
    /// walk).
    private func isInPlace(for service: Service) -> Bool {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(service.path + "/supervise", &buffer, buffer.count - 1)
        guard length > 0, String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) == supervisePath else {
            return false
        }
        var info = stat()
        return lstat(supervisePath, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR && info.st_uid == geteuid()
    }

    private func linkSupervise(in service: Service) throws(PgctlError) {
        let link = service.path + "/supervise"
        var info = stat()
        if lstat(link, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return }  // a real supervise dir: leave it to its owner
            if info.st_mode & S_IFMT == S_IFLNK, (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == supervisePath {
                return
            }
            if info.st_mode & S_IFMT != S_IFLNK {  // never replace a user's file
                throw PgctlError("refusing to replace \(link): it is not a directory or a symbolic link")
            }
        }
        // `ln -sfn`: build the link under a temporary name, then rename it over the old one.
        let temporary = service.path + "/.supervise.pgctl-\(getpid())"
        unlink(temporary)
        guard symlink(supervisePath, temporary) == 0 else {
            throw PgctlError("cannot create the symbolic link \(link): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, link) == 0 else {
            let error = errno
            unlink(temporary)
            throw PgctlError("cannot create the symbolic link \(link): \(String(cString: strerror(error)))")
        }
    }

    /// `mkdir -p path` with mode 0700 for what it creates.
    private static func makeDirectories(_ path: String) throws(PgctlError) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw PgctlError("cannot create directory \(current): \(String(cString: strerror(errno)))")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw PgctlError("pghome \(path) is not a directory")
        }
    }

    /// Walks `components` below `base` without following links, creating what is missing.
    private static func walkCreatingPrivately(base: String, components: [String]) throws(PgctlError) {
        var fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw PgctlError("cannot open directory \(base): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var current = base
        let me = geteuid()
        for component in components {
            current += "/" + component
            if mkdirat(fd, component, 0o700) != 0 && errno != EEXIST {
                throw PgctlError("cannot create directory \(current): \(String(cString: strerror(errno)))")
            }
            let next = openat(fd, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else {
                if errno == ELOOP || errno == ENOTDIR {
                    throw PgctlError("refusing to use the scratch directory \(current): it is not a directory (a symbolic link?)")
                }
                throw PgctlError("cannot open directory \(current): \(String(cString: strerror(errno)))")
            }
            var info = stat()
            if fstat(next, &info) == 0, info.st_uid != me {
                close(next)
                throw PgctlError("refusing to use the scratch directory \(current): it belongs to another user (uid \(info.st_uid))")
            }
            close(fd)
            fd = next
        }
    }

    /// `pghome` without a trailing slash.
    private static func normalized(_ pghome: String) -> String {
        var home = pghome
        while home.count > 1 && home.hasSuffix("/") { home.removeLast() }
        return home == "/" ? "" : home
    }
}
