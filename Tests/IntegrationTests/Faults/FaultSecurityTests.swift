import Foundation
import Testing
import TestSupport

extension FaultSuite {
    /// Who may control a service, where pgctl writes, and what a service inherits.
    @Suite("FaultSecurity: modes, other users, planted links, inherited descriptors")
    struct FaultSecurity {
        static func mode(_ path: String) -> mode_t {
            var info = stat()
            return lstat(path, &info) == 0 ? info.st_mode : 0
        }

        /// A way to run a command as `nobody`, when we are root and have `setpriv`.
        static let asNobody: [String]? = {
            guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return nil }
            return ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        }()

        @Test("supervise/ is 0700, control 0600, the scratch dir 0700 (like s6)")
        func modes() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let supervise = project.scratch("sleep") + "/supervise"
            #expect(Self.mode(project.scratch("sleep")) & 0o7777 == 0o700)
            #expect(Self.mode(supervise) & 0o7777 == 0o700)
            #expect(Self.mode(supervise) & S_IFMT == S_IFDIR)
            #expect(Self.mode(supervise + "/control") & S_IFMT == S_IFIFO)
            #expect(Self.mode(supervise + "/control") & 0o7777 == 0o600)
            var component = project.scratch("sleep")
            while component.count > project.home.count + "/.run/pgctl".count {
                #expect(Self.mode(component) & 0o077 == 0, "\(component) is \(String(Self.mode(component) & 0o7777, radix: 8))")
                component = (component as NSString).deletingLastPathComponent
            }
            #expect(try project.pgctl(["stop"]).exitCode == 0)
        }

        @Test("another user cannot control the service: our s6-svc and the real one get Permission denied",
              .enabled(if: asNobody != nil, "needs root and setpriv to act as nobody"))
        func otherUser() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            // nobody must be able to reach the directories to get as far as the FIFO.
            chmod(project.temp.path, 0o755)
            #expect(try project.pgctl(["start"]).exitCode == 0)
            let pid = try project.status("sleep").pid
            var tools = [Executables.ours("s6-svc")]
            if RealS6.isInstalled { tools.append(RealS6.tool("s6-svc")) }
            for tool in tools {
                let run = try Command.run(Self.asNobody![0], Array(Self.asNobody!.dropFirst()) + [tool, "-d", project.service("sleep")])
                #expect(run.exitCode == 111, "\(tool): \(run)")
                #expect(run.stderr.contains("Permission denied"), "\(tool): \(run)")
            }
            let write = try Command.run(Self.asNobody![0], Array(Self.asNobody!.dropFirst()) + ["/bin/sh", "-c", "printf x > \(project.service("sleep"))/supervise/control"])
            #expect(write.exitCode != 0 && write.stderr.contains("Permission denied"), "\(write)")
            #expect(processIsAlive(pid))
            #expect(try project.status("sleep").pid == pid)
            #expect(try project.pgctl(["stop"]).exitCode == 0)
        }

        @Test("a symbolic link planted at any component pgctl creates under pghome is refused, nothing written at the target",
              arguments: [1, 2, 3])
        func plantedLink(depthFromService: Int) throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            let elsewhere = project.temp.path + "/elsewhere"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            // depth 1 = the scratch dir itself, 2 = its parent (.../playground), 3 = the project.
            var planted = project.scratch("sleep")
            for _ in 1..<depthFromService { planted = (planted as NSString).deletingLastPathComponent }
            try FileManager.default.createDirectory(atPath: (planted as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: elsewhere)
            for command in ["start", "status"] {
                let run = try project.pgctl([command])
                #expect(run.exitCode == 1, "\(command): \(run)")
                #expect(run.stderr == "[pgctl] ERROR: refusing to use the scratch directory \(planted): it is a symbolic link\n")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("a planted supervise/ link inside the scratch dir is refused too")
        func plantedSuperviseLink() throws {
            let project = try Fault.project()
            defer { project.cleanUp() }
            let elsewhere = project.temp.path + "/elsewhere"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            // status creates nothing (issue 10): a start and stop make the scratch dir.
            #expect(try project.pgctl(["start"]).exitCode == 0)
            #expect(try project.pgctl(["stop"]).exitCode == 0)
            try FileManager.default.removeItem(atPath: project.scratch("sleep") + "/supervise")
            try FileManager.default.createSymbolicLink(atPath: project.scratch("sleep") + "/supervise", withDestinationPath: elsewhere)
            let run = try project.pgctl(["start"])
            #expect(run.exitCode == 1, "\(run)")
            #expect(run.stderr.contains("refusing to use the scratch directory \(project.scratch("sleep"))/supervise"), "\(run)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
            #expect(Fault.alive(project).isEmpty)
        }

        @Test("the service gets only 0/1/2, the service lock and (with readiness) the notification fd", arguments: [false, true])
        func descriptors(withReadiness: Bool) throws {
            let run = withReadiness ? "#!/bin/sh\nexec pgctl-poll-ready sleep infinity\n" : "#!/bin/sh\nexec sleep infinity\n"
            let files = withReadiness ? ["ready": "#!/bin/sh\ntrue\n"] : [:]
            let project = try Fault.project(services: ["fds": (run: run, files: files)])
            defer { project.cleanUp() }
            if withReadiness { chmod(project.service("fds") + "/ready", 0o755) }
            #expect(try project.pgctl(["start", "fds"]).exitCode == 0)
            let pid = try project.status("fds").pid
            let lock = try #require(try ProcInfo.environmentValue("PGCTL_SERVICE_LOCK", of: pid).flatMap { Int($0) })
            let service = withReadiness
                ? try #require(Fault.alive(project).first { (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "sleep\n" })
                : pid
            var expected: Set<Int> = [0, 1, 2, lock]
            // pgctl-poll-ready (the run process) keeps the notification fd until readiness is
            // reported; the sleep it starts must not have it.
            try waitUntil("the service to exec", timeout: 10) {
                (try? String(contentsOfFile: "/proc/\(service)/comm", encoding: .utf8)) == "sleep\n"
            }
            try ProcInfo.waitUntilAsleep(service)
            let found = Set(Fault.descriptors(of: service))
            #expect(found == expected, "fds of \(service): \(found.sorted()) (lock \(lock))")
            if withReadiness {
                expected = [0, 1, 2, lock]
                let monitor = Set(Fault.descriptors(of: pid))
                #expect(monitor.isSuperset(of: expected), "poll-ready fds: \(monitor.sorted())")
                #expect(!monitor.contains(5), "the notification fd is closed once readiness was reported: \(monitor.sorted())")
            }
            let lockTarget = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(service)/fd/\(lock)")
            #expect(lockTarget == project.service("fds"))
            for fd in [1, 2] {
                let target = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(service)/fd/\(fd)")
                #expect(target.hasPrefix("pipe:") || target.hasSuffix("log_pipe"), "fd \(fd) → \(target)")
            }
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(service)/fd/0") == "/dev/null")
            #expect(try project.pgctl(["stop", "fds"]).exitCode == 0)
        }

        /// Whether descriptor `fd` of `pid` is close-on-exec (`flags` in fdinfo, octal).
        static func isCloseOnExec(_ pid: Int32, _ fd: Int) -> Bool {
            let info = (try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8)) ?? ""
            let flags = info.split(separator: "\n").first { $0.hasPrefix("flags:") }
                .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0
            return flags & 0o2000000 != 0
        }

        @Test("the readiness monitor and its ready checks hold the service lock, and no stray descriptor of run")
        func monitorDescriptors() throws {
            // fd 7 is left open by run: the service gets it, the monitor and the checks do not.
            let run = "#!/bin/sh\nexec 7</dev/null\nexec pgctl-poll-ready sleep infinity\n"
            let ready = "#!/bin/sh\nreadlink /proc/$$/fd/$PGCTL_SERVICE_LOCK > ready-saw-lock\n"
                + "if [ -e /proc/$$/fd/7 ]; then echo yes > ready-saw-7; fi\nexit 0\n"
            let project = try Fault.project(services: ["fds": (run: run, files: ["ready": ready])])
            defer { project.cleanUp() }
            chmod(project.service("fds") + "/ready", 0o755)
            #expect(try project.pgctl(["start", "fds"]).exitCode == 0)
            let pid = try project.status("fds").pid
            let lock = try #require(try ProcInfo.environmentValue("PGCTL_SERVICE_LOCK", of: pid).flatMap { Int($0) })
            let monitor = try #require(Fault.alive(project).first {
                ((try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) ?? "").contains("\0--pgctl-monitor\0")
            })
            let found = Fault.descriptors(of: monitor)
            #expect(!found.contains(7), "monitor fds: \(found)")
            // Above 2, only the service lock is inheritable; what the monitor opened itself (the
            // listener, the pidfd, the presence lock) is close-on-exec, the notification fd closed.
            let inheritable = found.filter { $0 > 2 && !Self.isCloseOnExec(monitor, $0) }
            #expect(inheritable == [lock], "monitor fds: \(found), inheritable \(inheritable), lock \(lock)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(monitor)/fd/\(lock)") == project.service("fds"))
            let seen = try String(contentsOfFile: project.service("fds") + "/ready-saw-lock", encoding: .utf8)
            #expect(seen == project.service("fds") + "\n")
            #expect(!FileManager.default.fileExists(atPath: project.service("fds") + "/ready-saw-7"))
            #expect(Fault.descriptors(of: pid).contains(7), "the service keeps what run gave it")
            #expect(try project.pgctl(["stop", "fds"]).exitCode == 0)
        }
    }
}
