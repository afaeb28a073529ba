import Foundation
import Testing
import TestSupport

/// The health monitor of `pgctl-poll-ready` (issue 16): it never restarts a service that is
/// being stopped or that a pgctl command holds (point 3), it lives outside the service's process
/// tree and `status` says when it is gone (point 4), and a deleted `event/` fifodir does not
/// leave it behind (point 5). Quick services built on `sh` and `sleep`; the same with postgres
/// is in `RealServers/RealServerMonitorTests.swift`.
@Suite("health monitor (issue 16, points 3-5)", .serialized, .timeLimit(.minutes(3)))
struct HealthMonitorTests {
    @Test("a stop that timed out (the service ignores SIGTERM) is not undone by the monitor's restart")
    func noRestartAfterStop() throws {
        let project = try Fault.project()
        defer { project.cleanUp() }
        try HealthMonitor.addService(project, "smart", command: "./server", extraFiles: ["server": HealthMonitor.smartServer])
        #expect(try project.pgctl(["start", "smart"]).exitCode == 0)
        let pid = try project.status("smart").pid
        let stop = try project.pgctl(["stop", "--no-force", "smart"])
        #expect(stop.exitCode == 1, "\(stop)")
        #expect(!FileManager.default.fileExists(atPath: project.service("smart") + "/healthy"))
        // The checks fail from now on; 30 more take 3 s, far past the 1 s timeout-ready.
        let before = HealthMonitor.checks(project, "smart")
        try waitUntil("30 more ready checks, or a restart", timeout: 20) {
            HealthMonitor.checks(project, "smart") >= before + 30 || (project.logText("smart") ?? "").contains("restarting this service for you")
        }
        let log = project.logText("smart") ?? ""
        #expect(!log.contains("restarting this service for you"), "\(log)")
        #expect(log.contains("pgctl-poll-ready: failed, but the service is being stopped -- not restarting it\n"), "\(log)")
        #expect(try project.status("smart").pid == pid)
        #expect(processIsAlive(pid))
    }

    @Test("while a pgctl command holds the service the monitor waits; then it restarts, taking the lock over")
    func noRestartWhileCommandRuns() throws {
        let project = try Fault.project()
        defer { project.cleanUp() }
        try HealthMonitor.addService(project, "smart", command: "./server", extraFiles: ["server": HealthMonitor.smartServer])
        #expect(try project.pgctl(["start", "smart"]).exitCode == 0)
        let pid = try project.status("smart").pid
        let lock = try HealthMonitor.holdLock(project.service("smart") + "/.pgctl.lock")
        var locked = true
        defer { if locked { close(lock) } }
        try FileManager.default.removeItem(atPath: project.service("smart") + "/healthy")
        let before = HealthMonitor.checks(project, "smart")
        try waitUntil("30 more ready checks, or a restart", timeout: 20) {
            HealthMonitor.checks(project, "smart") >= before + 30 || (project.logText("smart") ?? "").contains("restarting this service for you")
        }
        var log = project.logText("smart") ?? ""
        #expect(!log.contains("restarting this service for you"), "\(log)")
        #expect(log.contains("pgctl-poll-ready: failed, but a pgctl command is managing the service -- not restarting it\n"), "\(log)")
        #expect(try project.status("smart").pid == pid)
        // Released: the checks keep failing, so the monitor restarts the service. Its pgctl
        // inherits the command lock the monitor took for the decision.
        close(lock)
        locked = false
        try waitUntil("the restarted service to be ready", timeout: 20) {
            (project.logText("smart") ?? "").contains("[pgctl] Started: smart\n")
        }
        log = project.logText("smart") ?? ""
        #expect(log.contains("-- we are restarting this service for you\n"), "\(log)")
        #expect(!log.contains("another pgctl command"), "\(log)")
        var current = pid
        _ = try? waitUntil("a new pid in the status", timeout: 10) {
            current = (try? project.status("smart").pid) ?? pid
            return current != pid
        }
        let shown = (try? project.pgctl(["status", "smart"]).stdout) ?? ""
        #expect(current != pid, "\(log)\n--- status: \(shown)")
        #expect(try project.pgctl(["stop", "smart"]).exitCode == 0)
    }

    @Test("the monitor is no child of the service; killing it leaves the service alone and status says so")
    func monitorOutsideTheTree() throws {
        let project = try Fault.project()
        defer { project.cleanUp() }
        try HealthMonitor.addService(project, "tree", command: "sleep infinity", ready: "#!/bin/sh\nexit 0\n")
        #expect(try project.pgctl(["start", "tree"]).exitCode == 0)
        let pid = try project.status("tree").pid
        let monitor = try HealthMonitor.monitor(of: project.service("tree"))
        #expect(try ProcInfo.stat(monitor).ppid != pid)
        #expect(HealthMonitor.children(of: pid).isEmpty)
        #expect(try project.pgctl(["status", "tree"]).stdout.hasPrefix(" ● tree: ready\n"))
        #expect(try HealthMonitor.jsonHealthChecks(project, "tree").healthChecks == nil)

        kill(monitor, SIGTERM)
        try waitUntil("the monitor to end") { !processIsAlive(monitor) }
        #expect(processIsAlive(pid))
        let status = try project.pgctl(["status", "tree"])
        #expect(status.stdout.hasPrefix(" ● tree: ready (health checks stopped: its monitor is gone)\n   └─ pid: \(pid), "), "\(status)")
        let json = try HealthMonitor.jsonHealthChecks(project, "tree")
        #expect(json.state == "ready" && json.healthChecks == "stopped", "\(json)")

        let stop = try project.pgctl(["stop", "tree"])
        #expect(stop.exitCode == 0 && !stop.stderr.contains("WARNING"), "\(stop)")
        // A new start has a new monitor: status is plain `ready` again.
        #expect(try project.pgctl(["start", "tree"]).exitCode == 0)
        _ = try HealthMonitor.monitor(of: project.service("tree"))
        #expect(try project.pgctl(["status", "tree"]).stdout.hasPrefix(" ● tree: ready\n"))
        #expect(try project.pgctl(["stop", "tree"]).exitCode == 0)
    }

    @Test("a run script that ignores SIGCHLD (inherited by pgctl-poll-ready) still gets its monitor")
    func childSignalIgnored() throws {
        let project = try Fault.project()
        defer { project.cleanUp() }
        try Fault.addService(project, "deaf", run: "#!/bin/bash\ntrap '' CHLD\nexec pgctl-poll-ready sleep infinity\n",
                             files: ["ready": "#!/bin/sh\nexit 0\n", "timeout-ready": "5\n"])
        chmod(project.service("deaf") + "/ready", 0o755)
        let start = try project.pgctl(["start", "deaf"])
        #expect(start.exitCode == 0, "\(start)")
        let monitor = try HealthMonitor.monitor(of: project.service("deaf"))
        #expect(try ProcInfo.stat(monitor).ppid != project.status("deaf").pid)
        #expect(try project.pgctl(["stop", "deaf"]).exitCode == 0)
    }

    @Test("a monitor that outlives its service (stopped by SIGSTOP) is still found and killed by stop")
    func lingeringMonitorIsKilled() throws {
        let project = try Fault.project()
        defer { project.cleanUp() }
        try HealthMonitor.addService(project, "tree", command: "sleep infinity", ready: "#!/bin/sh\nexit 0\n")
        #expect(try project.pgctl(["start", "tree"]).exitCode == 0)
        let monitor = try HealthMonitor.monitor(of: project.service("tree"))
        kill(monitor, SIGSTOP)
        let stop = try project.pgctl(["stop", "tree"])
        #expect(stop.exitCode == 0, "\(stop)")
        #expect(stop.stderr.contains("\(monitor)"), "\(stop)")
        #expect(!processIsAlive(monitor))
        #expect(Fault.alive(project).isEmpty)
    }

    @Test("a cleaned checkout (event/, supervise link, logs/ and .pgctl.lock deleted): stop is fast and silent")
    func stopAfterGitClean() throws {
        let project = try Fault.project()
        defer { project.cleanUp() }
        try HealthMonitor.addService(project, "tree", command: "sleep infinity", ready: "#!/bin/sh\nexit 0\n",
                                     extraFiles: ["poll-down": "10\n", "timeout-stop": "3\n"])
        #expect(try project.pgctl(["start", "tree"]).exitCode == 0)
        let monitor = try HealthMonitor.monitor(of: project.service("tree"))
        for path in ["event", "supervise", "logs", ".pgctl.lock"] {
            try FileManager.default.removeItem(atPath: project.service("tree") + "/" + path)
        }
        let began = Date()
        let stop = try project.pgctl(["stop", "tree"])
        let took = Date().timeIntervalSince(began)
        #expect(stop.exitCode == 0, "\(stop)")
        #expect(stop.stderr == "[pgctl] Stopping: tree\n[pgctl] Stopped: tree\n", "\(stop)")
        #expect(took < 1, "stop took \(took) s")
        #expect(!processIsAlive(monitor))
        #expect(Fault.alive(project).isEmpty)
        print("[health-monitor figures] stop after a cleaned checkout \(Int(took * 1000)) ms")
    }
}
