/// The supervisor's view of the readiness probe files (pgctl's extension), read like the other
/// files at the moment they are needed: at each spawn of `run`.
extension LiveServiceFiles {
    /// Whether `run` gets a readiness probe: a probe file exists and `notification-fd` does
    /// not (a service that speaks s6's protocol is believed; the probe file is then ignored,
    /// with a warning).
    public func hasReadinessProbe() -> Bool {
        guard ReadinessProbeFile.exists(inServiceDirectory: directory) else { return false }
        guard !ServiceFileBytes.exists(ServiceFileName.notificationFD.path(in: directory)) else {
            warn("readiness probe ignored: notification-fd is set too (keep only one)")
            return false
        }
        return true
    }

    /// When a readiness probe that has not passed is reported once in the log: after
    /// `timeout-ready` (pgctl's file, seconds) when it is valid, else after 2 seconds (pgctl's
    /// default time limit).
    public func probeNoticeMilliseconds() -> Int64 {
        guard let seconds = try? SecondsFile.read(at: ServiceFileName.timeoutReady.path(in: directory)) else { return 2000 }
        return Int64(seconds * 1000)
    }
}

extension ServiceDirectoryDefinition {
    /// The readiness probe (`ready-tcp`, `ready-http`, `ready-log`), checked: nil without a
    /// probe file; an error naming the file for a malformed one, several, or one next to
    /// `notification-fd` or `ready` (``ReadinessProbeFile/read(serviceDirectory:)``).
    public func readinessProbe() throws(ReadinessProbeError) -> ReadinessProbe? {
        try ReadinessProbeFile.read(serviceDirectory: directory)
    }
}
