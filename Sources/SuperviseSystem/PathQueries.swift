import Glibc

extension FileSystem {
    /// `st_dev` of `path` (following symbolic links, like Python's `os.stat`), nil when it
    /// cannot be stat'ed.
    public static func deviceID(of path: String) -> UInt64? { FileIdentity(path: path)?.device }

    /// Whether `path` is a directory, following symbolic links.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        guard (try? valueOrErrno({ stat(path, &info) })) != nil else { return false }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// The inode and size of `path` (following symbolic links), nil when it cannot be stat'ed.
    public static func inodeAndSize(of path: String) -> (inode: UInt64, size: UInt64)? {
        var info = stat()
        guard (try? valueOrErrno({ stat(path, &info) })) != nil else { return nil }
        return (UInt64(info.st_ino), UInt64(info.st_size))
    }

    /// `realpath(3)`: the absolute path with every symbolic link, `.` and `..` resolved; nil
    /// when a component does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The working directory (`getcwd`), nil when it cannot be determined (e.g. deleted).
    public static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The password database (`getpwnam_r`/`getpwuid_r`, through NSS).
public enum UserDatabase {
    /// The home directory of the user named `name`, nil when there is no such user.
    public static func homeDirectory(ofUser name: String) -> String? {
        lookUp { entry, buffer, size, result in getpwnam_r(name, entry, buffer, size, result) }
    }

    /// The home directory of the user running this process, nil when unknown.
    public static func homeDirectoryOfCurrentUser() -> String? {
        let uid = getuid()
        return lookUp { entry, buffer, size, result in getpwuid_r(uid, entry, buffer, size, result) }
    }

    private static func lookUp(
        _ call: (UnsafeMutablePointer<passwd>, UnsafeMutablePointer<CChar>, Int, UnsafeMutablePointer<UnsafeMutablePointer<passwd>?>) -> Int32
    ) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var size = 1024
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            // The entry's strings live in `buffer`: read them before it goes.
            let (status, home) = buffer.withUnsafeMutableBufferPointer { storage -> (Int32, String?) in
                let status = call(&entry, storage.baseAddress!, size, &found)
                guard status == 0, found != nil, let directory = entry.pw_dir else { return (status, nil) }
                return (status, String(cString: directory))
            }
            if status == ERANGE { size *= 4; continue }
            return home
        }
        return nil
    }
}
