/// A readiness probe of a service directory (pgctl's extension of the s6 service format): one
/// of the files `ready-tcp`, `ready-http` or `ready-log`, parsed and checked by
/// ``ReadinessProbeFile``. The supervisor runs it after each spawn of `run`; pgctl waits for its
/// outcome like for a notification-fd line.
public struct ReadinessProbe: Equatable, Sendable {
    /// Where to connect: the loopback (a bare port), or a host as written (an IPv4 or IPv6
    /// literal, or a name resolved at each start of `run`).
    public enum Host: Equatable, Sendable {
        /// 127.0.0.1 and ::1, tried in turn.
        case loopback
        /// An address literal or a host name, without the brackets of an IPv6 literal.
        case named(String)
    }

    /// What is checked.
    public enum Check: Equatable, Sendable {
        /// A TCP connection is accepted.
        case tcp(host: Host, port: UInt16)
        /// `GET path` (HTTP/1.1, `Connection: close`) answers with a status from 200 to 399.
        /// `hostHeader` is the `Host:` value (the URL's authority).
        case http(host: Host, port: UInt16, path: String, hostHeader: String)
        /// A line of the service's output matches this POSIX extended regular expression.
        case log(pattern: String)
    }

    /// The file it came from: `ready-tcp`, `ready-http` or `ready-log`.
    public var fileName: String
    /// What is checked.
    public var check: Check
    /// What the file says, as written (its first line, trimmed): `127.0.0.1:8123`, a URL,
    /// the pattern.
    public var target: String

    /// Creates a probe.
    public init(fileName: String, check: Check, target: String) {
        self.fileName = fileName
        self.check = check
        self.target = target
    }

    /// How messages name it: `ready-tcp 127.0.0.1:8123`, `ready-http http://…/`,
    /// `ready-log 'Listening on'`.
    public var description: String {
        if case .log = check { return "\(fileName) '\(target)'" }
        return "\(fileName) \(target)"
    }

    /// The probe files, in the order they are looked for.
    public static let fileNames = [ServiceFileName.readyTCP, .readyHTTP, .readyLog].map(\.rawValue)

    /// Whether the supervisor reports the readiness of a service (sets the ready flag, sends
    /// `U`): its directory has a `notification-fd` (s6's own) or a probe file (ours), whatever
    /// they hold. `isPresent` says whether a file of that name is in the service directory.
    /// Everyone who asks — `pgctl`, `status`, our `s6-svc -wR` — asks through this.
    public static func isReported(isPresent: (String) -> Bool) -> Bool {
        isPresent(ServiceFileName.notificationFD.rawValue) || fileNames.contains(where: isPresent)
    }
}
