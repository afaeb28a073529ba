import SuperviseSystem

/// Reads a service directory's readiness probe (`ready-tcp`, `ready-http` or `ready-log`) and
/// checks that it is the service's only readiness mechanism. pgctl calls ``read(serviceDirectory:)``
/// for every service before starting anything; the supervisor calls ``readProbe(serviceDirectory:)``
/// at each spawn of `run` (it leaves `ready` to pgctl, and `notification-fd` wins over a probe).
public enum ReadinessProbeFile {
    /// At most this many bytes of a probe file are read (its first line is used).
    public static let sizeLimit = 4096

    /// The probe of the service directory at `serviceDirectory` ("" or "." for the current
    /// directory), nil when it has no probe file. Throws when the probe file is malformed, when
    /// there are several, or when `notification-fd` or `ready` exists too.
    public static func read(serviceDirectory: String) throws(ReadinessProbeError) -> ReadinessProbe? {
        guard let probe = try readProbe(serviceDirectory: serviceDirectory) else { return nil }
        for other in ["notification-fd", "ready"] where FileSystem.exists(path(other, in: serviceDirectory)) {
            throw .conflicting(path: path(probe.fileName, in: serviceDirectory), other: path(other, in: serviceDirectory))
        }
        return probe
    }

    /// The probe alone: nil without a probe file; throws when the file is malformed or
    /// unreadable, or when there are several probe files.
    public static func readProbe(serviceDirectory: String) throws(ReadinessProbeError) -> ReadinessProbe? {
        var found: ReadinessProbe?
        for name in ReadinessProbe.fileNames {
            let filePath = path(name, in: serviceDirectory)
            let bytes: [UInt8]
            do {
                bytes = try FileSystem.readSmallFile(filePath, limit: sizeLimit)
            } catch {
                if error == .noSuchFile { continue }
                throw .unreadable(path: filePath, error)
            }
            if let found {
                throw .conflicting(path: path(found.fileName, in: serviceDirectory), other: filePath)
            }
            found = try ReadinessProbeParser.parse(fileName: name, content: bytes, path: filePath)
        }
        return found
    }

    /// Whether the directory has a probe file (present, valid or not): what makes pgctl wait
    /// for the ready flag instead of judging the start by itself.
    public static func exists(inServiceDirectory serviceDirectory: String) -> Bool {
        ReadinessProbe.fileNames.contains { FileSystem.exists(path($0, in: serviceDirectory)) }
    }

    /// `name` inside `directory` ("" or "." for the current directory: just the name).
    static func path(_ name: String, in directory: String) -> String {
        directory.isEmpty || directory == "." ? name : directory + "/" + name
    }
}
