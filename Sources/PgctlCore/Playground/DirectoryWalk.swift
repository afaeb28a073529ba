import SuperviseSystem

/// The upward search both playground discovery (spec §1.1) and project configuration files
/// (spec §3.1 item 4) use: a directory, then each parent in turn, stopping at `/` or at the
/// first parent that lives on a different file system than the starting directory.
public enum DirectoryWalk {
    /// Returns the device id (`st_dev`) of a path, nil if it cannot be stat'ed.
    public typealias DeviceLookup = (String) -> UInt64?

    /// `start` (made absolute and normalised) followed by its ancestors, nearest first.
    /// An ancestor on another file system ends the walk and is not included; so does `/`
    /// after being included. `device` is injectable for tests.
    public static func upward(from start: String, device: DeviceLookup = deviceID(of:)) -> [String] {
        let first = PathNormalizer.normalize(start)
        var directories = [first]
        guard let home = device(first) else { return directories }
        var current = first
        while current != "/" {
            let parent = PathNormalizer.parent(of: current)
            guard device(parent) == home else { break }
            directories.append(parent)
            current = parent
        }
        return directories
    }

    /// `st_dev` of `path` (following symlinks, like `os.stat`), or nil. Calls `stat(2)`.
    public static func deviceID(of path: String) -> UInt64? { FileSystem.deviceID(of: path) }

    /// Whether `path` is a directory (following symlinks).
    public static func isDirectory(_ path: String) -> Bool { FileSystem.isDirectory(path) }
}
