import SuperviseSystem

/// The bytes of one file of a service directory, read the way s6-supervise reads its
/// configuration files: opened non-blocking (a FIFO planted there never blocks the reader),
/// close-on-exec, through `SuperviseSystem`'s typed calls.
///
/// Symbolic links are followed, as s6-supervise 2.11 and pgctl 5.2.1 follow them: these files
/// are only ever read (never written or locked through), and a `run` or `ready` linked from a
/// shared place is a legitimate set-up that s6 executes. A dangling link is a missing file;
/// a link loop is an unreadable one (ELOOP).
public enum ServiceFileBytes {
    /// What one `read(2)` of at most `limit` bytes returns (s6's reading of its number and
    /// signal files); nil when the file does not exist (ENOENT).
    public static func firstBytes(of path: String, limit: Int) throws(ServiceDefinitionError) -> [UInt8]? {
        do {
            return try FileSystem.readSmallFile(path, limit: limit)
        } catch {
            if error == .noSuchFile { return nil }
            throw ServiceDefinitionError(path: path, problem: .unreadable(error))
        }
    }

    /// The whole file, which must not be longer than `limit` bytes; nil when it does not exist.
    public static func contents(of path: String, limit: Int) throws(ServiceDefinitionError) -> [UInt8]? {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, [.readOnly, .nonBlocking, .closeOnExec])
        } catch {
            if error == .noSuchFile { return nil }
            throw ServiceDefinitionError(path: path, problem: .unreadable(error))
        }
        defer { fd.close() }
        var data = [UInt8]()
        while true {
            let chunk: [UInt8]
            do {
                chunk = try fd.read(upTo: limit + 1 - data.count)
            } catch {
                throw ServiceDefinitionError(path: path, problem: .unreadable(error))
            }
            if chunk.isEmpty { return data }
            data += chunk
            if data.count > limit { throw ServiceDefinitionError(path: path, problem: .tooLong(limit: limit)) }
        }
    }

    /// Whether something is at `path` (following links; ``SuperviseSystem/FileSystem/exists(_:)``):
    /// what the presence-only files (`down`, `nosetsid`) and the presence of `ready` or
    /// `notification-fd` mean.
    public static func exists(_ path: String) -> Bool { FileSystem.exists(path) }
}
