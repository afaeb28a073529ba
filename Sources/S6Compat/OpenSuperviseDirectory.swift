import SuperviseSystem

/// A service's `supervise/` directory, opened once (`O_PATH`) so that its files — `lock`,
/// `status`, and whatever else a reader looks at — are each found with a one-component lookup
/// instead of a walk of the whole path and the `supervise` link every time (`pgctl status`
/// reads three files per service). Whoever opens it closes it.
public struct OpenSuperviseDirectory: Sendable {
    /// The service directory, as given (error messages name files below it).
    public let directory: String
    /// The open `supervise/` (usable with `openat`, never read).
    public let descriptor: FileDescriptor

    /// Opens `<serviceDirectory>/supervise`, following a link there. Throws the errno:
    /// ENOENT when it is missing (or a dangling link), ENOTDIR when it is not a directory.
    public static func open(serviceDirectory: String) throws(Errno) -> OpenSuperviseDirectory {
        OpenSuperviseDirectory(directory: serviceDirectory,
                               descriptor: try SafeFile.openDirectoryReference(ServicePaths(serviceDirectory).supervise))
    }

    /// Opens `supervise` in the open service directory `service` (one lookup, following a link
    /// there, as ``open(serviceDirectory:)`` does); `serviceDirectory` is its path, for
    /// messages. The same errors.
    public static func open(in service: FileDescriptor, serviceDirectory: String) throws(Errno) -> OpenSuperviseDirectory {
        OpenSuperviseDirectory(directory: serviceDirectory,
                               descriptor: try service.openAt("supervise", [.pathOnly, .directory]))
    }

    /// Closes the directory.
    public func close() { descriptor.close() }
}
