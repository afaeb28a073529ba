import SuperviseSystem

/// The dependencies a service directory declares, in s6-rc's two source-format conventions:
///
/// * `dependencies.d/` — one entry per dependency, named after it (its contents are not read;
///   names starting with `.` are skipped, as editors' and s6-rc's hidden files);
/// * `dependencies` — a text file, one service name per line; surrounding blanks are trimmed,
///   blank lines and lines starting with `#` are ignored.
///
/// Both may exist; the union counts. Neither the directory, the file nor anything in them is
/// opened through a symbolic link (``SafeFile``). Only the syntax is checked here (a name is
/// a plain service name, not the service itself); whether each name is a service of the
/// playground is the caller's business.
public struct ServiceDependencies: Equatable, Sendable {
    /// One declared dependency and where it was declared.
    public struct Declaration: Equatable, Sendable {
        /// The service name.
        public let name: String
        /// The declaring file: `<svc>/dependencies.d/<name>` or `<svc>/dependencies`.
        public let file: String
    }

    /// Every declaration: `dependencies.d/` entries in byte order, then the lines of
    /// `dependencies` in file order (a name declared twice appears twice).
    public var declarations: [Declaration]

    /// The declared names, each once, sorted in byte order.
    public var names: [String] {
        Array(Set(declarations.map(\.name))).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The two places a service directory declares its dependencies in.
    public static let fileNames = ["dependencies.d", "dependencies"]

    /// The largest `dependencies` file read.
    public static let fileLimit = 65536

    /// Reads the declarations of the service directory at `serviceDirectory` (absolute). No
    /// declaration at all is an empty value, not an error.
    public static func read(serviceDirectory: String) throws(ServiceDependenciesError) -> ServiceDependencies {
        let service = serviceDirectory.split(separator: "/").last.map(String.init) ?? serviceDirectory
        let directory = serviceDirectory + "/" + fileNames[0], list = serviceDirectory + "/" + fileNames[1]
        var declarations = mayExist(directory) ? try directoryEntries(directory) : []
        if mayExist(list) { declarations += try listFile(list) }
        for declaration in declarations {
            if let problem = nameProblem(declaration.name) {
                throw ServiceDependenciesError(file: declaration.file, problem: problem)
            }
            if declaration.name == service {
                throw ServiceDependenciesError(file: declaration.file, problem: .dependsOnItself(service))
            }
        }
        return ServiceDependencies(declarations: declarations)
    }

    /// The names of a `dependencies` file's contents: one per line, blanks around it trimmed,
    /// blank lines and `#` comment lines skipped.
    public static func parseList(_ bytes: [UInt8]) -> [String] {
        var names: [String] = []
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            let trimmed = line.drop(while: isBlank).reversed().drop(while: isBlank).reversed()
            guard let first = trimmed.first, first != UInt8(ascii: "#") else { continue }
            names.append(String(decoding: trimmed, as: UTF8.self))
        }
        return names
    }

    /// Why `name` cannot name a service, nil when it can: no `/`, no blanks, not `.` or `..`,
    /// not empty.
    public static func nameProblem(_ name: String) -> ServiceDependenciesError.Problem? {
        if name.utf8.contains(UInt8(ascii: "/")) { return .nameWithSlash(name) }
        if name.isEmpty || name == "." || name == ".." || name.utf8.contains(where: isBlank) {
            return .notAServiceName(name)
        }
        return nil
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// False when nothing at all is at `path`, not even a link (`lstat`: ENOENT). Most service
    /// directories declare nothing, and every start and stop reads every service's: a failed
    /// `lstat` costs half a failed `open` (which sets up an open file before it looks).
    private static func mayExist(_ path: String) -> Bool {
        do {
            _ = try FileSystem.kind(of: path)
            return true
        } catch {
            return error != .noSuchFile
        }
    }

    private static func directoryEntries(_ path: String) throws(ServiceDependenciesError) -> [Declaration] {
        let names: [String]
        do {
            names = try FileSystem.directoryEntries(noFollow: path)
        } catch {
            if error == .noSuchFile { return [] }
            if error == .notDirectory {
                // O_NOFOLLOW | O_DIRECTORY on a link fails with ENOTDIR, not ELOOP.
                let kind = (try? FileSystem.kind(of: path)) ?? .other
                throw ServiceDependenciesError(file: path, problem: .unreadable(
                    kind == .symlink ? .symbolicLink : .wrongKind(expected: .directory, found: kind)))
            }
            throw ServiceDependenciesError(file: path, problem: .unreadable(.system(error)))
        }
        return names.filter { !$0.hasPrefix(".") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            .map { Declaration(name: $0, file: path + "/" + $0) }
    }

    private static func listFile(_ path: String) throws(ServiceDependenciesError) -> [Declaration] {
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(path, limit: fileLimit + 1)
        } catch {
            if error.problem == .system(.noSuchFile) { return [] }
            throw ServiceDependenciesError(file: path, problem: .unreadable(error.problem))
        }
        guard bytes.count <= fileLimit else {
            throw ServiceDependenciesError(file: path, problem: .tooLarge(limit: fileLimit))
        }
        return parseList(bytes).map { Declaration(name: $0, file: path) }
    }
}

/// A service directory's dependency declarations cannot be used: the file or directory that
/// says so, and what is wrong with it.
public struct ServiceDependenciesError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Equatable, Sendable {
        /// The file or directory cannot be read: a link (never followed), the wrong kind, or a
        /// system call failed (with its errno).
        case unreadable(FileAccessError.Problem)
        /// `dependencies` is larger than the limit.
        case tooLarge(limit: Int)
        /// A name containing `/` (a path, not a service name).
        case nameWithSlash(String)
        /// Empty, `.`, `..`, or containing blanks.
        case notAServiceName(String)
        /// The service names itself.
        case dependsOnItself(String)
    }

    /// The file (or `dependencies.d/` entry, or the directory) at fault, absolute.
    public let file: String
    /// What is wrong.
    public let problem: Problem

    /// Creates an error.
    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    /// What is wrong, without the file: `cannot be read: Permission denied`, ….
    public var reason: String {
        switch problem {
        case .unreadable(let why): return "cannot be read: \(FileAccessError("read", file, why).problemText)"
        case .tooLarge(let limit): return "is larger than \(limit) bytes"
        case .nameWithSlash(let name): return "'\(name)' is not a service name: a dependency names a service of the same playground, without '/'"
        case .notAServiceName(let name): return "'\(name)' is not a service name"
        case .dependsOnItself(let name): return "service '\(name)' depends on itself"
        }
    }

    /// The errno behind an unreadable file (ELOOP for a link, ENOTDIR or EINVAL for the wrong
    /// kind); nil for the other problems, which are about the contents.
    public var errno: Errno? {
        guard case .unreadable(let why) = problem else { return nil }
        return FileAccessError("read", file, why).errno
    }

    /// `<file>: <reason>`, with the file shown as `shownFile` (e.g. relative to the working
    /// directory).
    public func message(showingFile shownFile: String) -> String { "\(shownFile): \(reason)" }

    /// `<file>: <reason>`.
    public var description: String { message(showingFile: file) }
}

extension ServiceDirectoryDefinition {
    /// `dependencies.d/` and `dependencies` (issue 12), read when asked (the definition's
    /// `directory` must be the service's absolute path: its last component is the service's
    /// name, refused as its own dependency).
    public func dependencies() throws(ServiceDependenciesError) -> ServiceDependencies {
        try ServiceDependencies.read(serviceDirectory: directory)
    }
}
