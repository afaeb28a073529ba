import SuperviseStatus
import SuperviseSystem

/// Why the supervisor could not take charge of a service directory.
public struct SuperviseSetupError: Error, CustomStringConvertible {
    /// s6's exit code for this failure: 100 (bad state, lock busy) or 111 (system call failed).
    public var exitCode: Int32
    /// The message after `fatal: `.
    public var message: String
    /// Whether s6 names the program `s6-supervise <dir>` in this message (true once it is in
    /// the directory) or just `s6-supervise` (the chdir failure).
    public var namesDirectory = true

    public var description: String { message }

    /// Creates an error with its exit code and message.
    public init(exitCode: Int32, message: String, namesDirectory: Bool = true) {
        self.exitCode = exitCode
        self.message = message
        self.namesDirectory = namesDirectory
    }

    static func system(_ what: String, _ errno: Errno) -> SuperviseSetupError {
        SuperviseSetupError(exitCode: 111, message: "\(what): \(errno)")
    }

    /// A protocol file that could not be opened: 111 with s6's wording when a system call
    /// failed; 100 naming the file when it is a planted link or not of its kind (a control
    /// "FIFO" that is not one).
    static func file(_ what: String, _ error: FileAccessError) -> SuperviseSetupError {
        guard error.isUnsafe else { return .system(what, error.errno) }
        return SuperviseSetupError(exitCode: 100, message: error.reason)
    }
}

/// Creates and holds the `supervise/` and `event/` directories of the current directory, with
/// the modes, lock and FIFO s6-supervise 2.11 uses (§2.1–§2.3).
public struct SuperviseDirectory {
    /// The held `supervise/lock` descriptor (fcntl write lock; never closed until exit).
    public let lock: FileDescriptor
    /// Read end of `supervise/control`, non-blocking.
    public let controlReader: FileDescriptor
    /// Write end, kept open so the reader never sees end of file.
    public let controlKeeper: FileDescriptor

    /// Runs steps 2–7 of the s6 start-up sequence in the current directory (which must be the
    /// service directory). The umask is 0 while creating and restored afterwards.
    public static func take() throws(SuperviseSetupError) -> SuperviseDirectory {
        let savedMask = FileSystem.setUmask(0)
        defer { FileSystem.setUmask(savedMask) }
        if let created = try makeDirectory("event", mode: 0o700) {
            do {
                try SafeFile.setDirectoryGroupAndMode(created, group: FileSystem.effectiveGroup, mode: 0o3730)
            } catch {
                throw .file("unable to set up event", error)
            }
        }
        _ = try makeDirectory("supervise", mode: 0o700)

        let lock: FileDescriptor
        do {
            lock = try SafeFile.open("supervise/lock", [.writeOnly, .nonBlocking, .create], mode: 0o644, kind: .regular)
        } catch {
            throw .file("unable to open supervise/lock", error)
        }
        do {
            try lock.lockForWriting()
        } catch {
            lock.close()
            if error == .wouldBlock || error == .accessDenied {
                throw SuperviseSetupError(exitCode: 100, message: "another instance of s6-supervise is already running")
            }
            throw .system("unable to lock supervise/lock", error)
        }

        do {
            try FileSystem.makeFIFO("supervise/control", mode: 0o600)
        } catch {
            guard error == .exists else { throw .system("unable to mkfifo supervise/control", error) }
        }
        do throws(FileAccessError) {
            let reader = try SafeFile.openFIFO("supervise/control", .readOnly)
            do throws(FileAccessError) {
                let keeper = try SafeFile.openFIFO("supervise/control", .writeOnly)
                return SuperviseDirectory(lock: lock, controlReader: reader, controlKeeper: keeper)
            } catch {
                reader.close()
                throw error
            }
        } catch {
            throw .file("unable to open supervise/control", error)
        }
    }

    /// `mkdir(name, mode)`; an existing directory is used as is. A symbolic link is followed
    /// one level: its target is created if missing, and — unlike s6 2.11.3.2, which fails with
    /// EEXIST here — an existing target directory is accepted. Returns the path it created
    /// (`name` or the link's target), nil when the directory existed.
    static func makeDirectory(_ name: String, mode: UInt32) throws(SuperviseSetupError) -> String? {
        do {
            try FileSystem.makeDirectory(name, mode: mode)
            return name
        } catch {
            guard error == .exists else { throw .system("unable to mkdir \(name)", error) }
        }
        let kind = try? FileSystem.kind(of: name)
        switch kind {
        case .directory:
            return nil
        case .symlink:
            guard let target = try? FileSystem.readLink(name) else {
                throw .system("unable to readlink \(name)", Errno.current)
            }
            do {
                try FileSystem.makeDirectory(target, mode: mode)
                return target
            } catch {
                if error == .exists, (try? FileSystem.kind(of: target, followLinks: true)) == .directory { return nil }
                throw .system("unable to mkdir \(target)", error)
            }
        default:
            throw SuperviseSetupError(exitCode: 100, message: "\(name) exists and is not a directory")
        }
    }
}
