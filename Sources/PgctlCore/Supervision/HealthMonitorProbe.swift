/// `status`'s look at a service's health monitor (issue 16, point 4): a ready service whose
/// `pgctl-poll-ready` monitor died is no longer checked, and `status` says so instead of a
/// plain `ready`. Cheap: one `open` (ENOENT for services without a monitor), one read and one
/// `flock` attempt on `supervise/health-monitor.lock` (``MonitorPresence``), and only for
/// services that are ready.
enum HealthMonitorProbe {
    /// Sets `healthChecksStopped` of a ready `status` whose monitor is gone; `files` are those
    /// the status was read from.
    static func mark(_ status: inout ServiceReport, files: StatusFiles) {
        guard status.state == .ready, let pid = status.pid else { return }
        status.healthChecksStopped = files.monitorIsGone(pid: pid)
    }
}
