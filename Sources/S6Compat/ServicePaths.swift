import ServiceDefinition
import SuperviseSystem

/// The files of an s6 service directory that the client tools use, built by plain string
/// concatenation exactly as s6 does (`dir` + `/supervise/lock`, with no normalisation).
public struct ServicePaths: Equatable, Sendable {
    /// The service directory as given on the command line.
    public let directory: String

    /// Wraps a service directory path.
    public init(_ directory: String) { self.directory = directory }

    /// `supervise/`, the supervisor's private directory.
    public var supervise: String { directory + "/supervise" }
    /// `supervise/lock`, fcntl-locked by a live supervisor.
    public var lock: String { directory + "/supervise/lock" }
    /// `supervise/status`, the 35-byte status record.
    public var status: String { directory + "/supervise/status" }
    /// `supervise/control`, the command FIFO.
    public var control: String { directory + "/supervise/control" }
    /// `event/`, the fifodir listeners subscribe to.
    public var events: String { directory + "/event" }
    /// `down`: when present the service is "normally down".
    public var downFile: String { directory + "/down" }
    /// `notification-fd`: when present the service supports readiness notification.
    public var notificationFD: String { directory + "/notification-fd" }
    /// Whether the service reports readiness: a `notification-fd`, or (our extension) a
    /// readiness probe file run by our supervisor (``ServiceDefinition/ReadinessProbe/isReported(isPresent:)``).
    public var reportsReadiness: Bool {
        ReadinessProbe.isReported { FileSystem.exists(directory + "/" + $0) }
    }
}
