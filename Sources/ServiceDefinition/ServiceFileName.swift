/// The names of the files a service directory may hold that the supervisor, pgctl or
/// pgctl-poll-ready read — each spelled once, here. A new service file gets a case here and
/// its own small reader in this module (see ``ServiceDirectoryDefinition``).
public enum ServiceFileName: String, CaseIterable, Sendable {
    /// The service itself (mandatory, executable).
    case run
    /// Run by the supervisor after every death of `run` (optional, executable).
    case finish
    /// pgctl-poll-ready's health check; its presence makes pgctl write `notification-fd`.
    case ready
    /// The descriptor `run` writes its readiness line to (s6 number file).
    case notificationFD = "notification-fd"
    /// pgctl's start limit and pgctl-poll-ready's unhealthy-restart limit (seconds).
    case timeoutReady = "timeout-ready"
    /// pgctl's stop limit (seconds).
    case timeoutStop = "timeout-stop"
    /// Milliseconds before the supervisor SIGKILLs a service taken down (s6 number file).
    case timeoutKill = "timeout-kill"
    /// Milliseconds `finish` may run (s6 number file).
    case timeoutFinish = "timeout-finish"
    /// The signal that stops the service (a name or number).
    case downSignal = "down-signal"
    /// Seconds between pgctl-poll-ready's checks until the first success.
    case pollReady = "poll-ready"
    /// Seconds between pgctl-poll-ready's health checks once ready.
    case pollDown = "poll-down"
    /// How many deaths `supervise/death_tally` keeps (s6 number file).
    case maxDeathTally = "max-death-tally"
    /// Written by pgctl 5.2.1; ignored by s6 2.11 and by us (presence only).
    case nosetsid
    /// "Start wanted down" (presence only); pgctl removes it.
    case down
    /// Run by pgctl after `Started:` (executable, optional).
    case startMessage = "start-msg"
    /// Run by pgctl after `Stopped:` (executable, optional).
    case stopMessage = "stop-msg"
    /// Readiness probe: a TCP connection to `PORT` or `HOST:PORT` is accepted (``ReadinessProbeFile``).
    case readyTCP = "ready-tcp"
    /// Readiness probe: an `http://` URL answers 200–399.
    case readyHTTP = "ready-http"
    /// Readiness probe: a line of the service's output matches a POSIX extended regular expression.
    case readyLog = "ready-log"

    /// `<directory>/<name>`; just the name when `directory` is `.` (the supervisor and
    /// pgctl-poll-ready run inside the service directory and use relative names, as s6 does).
    public func path(in directory: String) -> String {
        directory == "." ? rawValue : directory + "/" + rawValue
    }
}
