import SuperviseSystem

/// Which processes have a file open: the `/proc` scan behind `pgctl-fuser` (spec §5) and
/// pgctl's runaway detection (§2.9).
public enum OpenFileUsers {
    /// The pids (ascending) of processes other than this one that hold a descriptor on `path`,
    /// compared by device and inode (links followed). With `includeDeleted`, also those
    /// holding a file that was at `path` and has been deleted since: the kernel shows such a
    /// descriptor's link as `<absolute path> (deleted)`. Processes whose descriptors cannot
    /// be read (other users', for an ordinary user) are not seen. A `path` that does not
    /// exist (and, with `includeDeleted`, is not open as a deleted file) yields no pids.
    public static func processes(holding path: String, includeDeleted: Bool) -> [Int32] {
        var found = Set(ProcessScanner.processesWithOpenFile(path))
        if includeDeleted {
            let deletedLink = absolutePath(path) + " (deleted)"
            ProcessScanner.forEachProcess { pid in
                if !found.contains(pid) && descriptorLinks(of: pid).contains(deletedLink) { found.insert(pid) }
            }
        }
        return found.sorted()
    }

    /// `path` made absolute the way the kernel names an open file: the directory part with
    /// symbolic links resolved (if it still exists), then the last component.
    static func absolutePath(_ path: String) -> String {
        let absolute = PathNormalizer.normalize(path.hasPrefix("/") ? path : (FileSystem.currentDirectory() ?? "/") + "/" + path)
        let name = PathNormalizer.basename(of: absolute)
        guard let directory = FileSystem.realPath(PathNormalizer.parent(of: absolute)) else { return absolute }
        return (directory == "/" ? "" : directory) + "/" + name
    }

    /// The targets of `/proc/<pid>/fd/*` (empty when unreadable).
    static func descriptorLinks(of pid: Int32) -> [String] {
        let directory = "/proc/\(pid)/fd"
        guard let names = try? FileSystem.directoryEntries(directory) else { return [] }
        return names.compactMap { try? FileSystem.readLink(directory + "/" + $0) }
    }
}
