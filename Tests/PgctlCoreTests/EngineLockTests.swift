import Foundation
import Testing
import TestSupport
@testable import PgctlCore

/// Spec §9.64: pgctl's two locks, the supervisor environment and other small engine parts
/// that touch the file system or spawn a child.
@Suite("Engine: locks, environment, service files", .serialized)
struct EngineLockTests {
    static func makeService() throws -> (Service, String) {
        let root = NSTemporaryDirectory() + "engine-locks-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root + "/playground/web", withIntermediateDirectories: true)
        return (Service(path: root + "/playground/web"), root)
    }

    static func context(_ root: String) -> PgctlContext {
        PgctlContext(config: PgctlConfig(values: PgctlConfig.defaults(environment: [:])), playground: Playground(path: root + "/playground"),
                     workingDirectory: root, environment: [:], pghome: root + "/home")
    }

    @Test("§9.64 the command lock file is created and a second holder is refused")
    func commandLock() throws {
        let (service, root) = try Self.makeService()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = CommandLocks()
        try first.acquire([service], context: Self.context(root))
        #expect(FileManager.default.fileExists(atPath: service.path + "/.pgctl.lock"))
        let second = CommandLocks()
        #expect(throws: PgctlError.self) { try second.acquire([service], context: Self.context(root)) }
        do {
            try second.acquire([service], context: Self.context(root))
        } catch {
            #expect(error.message.hasPrefix("another pgctl command is currently managing this service: (playground/web/.pgctl.lock)\n"))
        }
        first.release()
        // Other tests of this process spawn children all the time; one forked at the wrong
        // moment holds a copy of the descriptor until its exec closes it. Hence the wait.
        try waitUntil("the command lock to be free", timeout: 10) {
            (try? second.acquire([service], context: Self.context(root))) != nil
        }
        second.release()
    }

    @Test("§9.64 the service lock is a directory lock that a child inheriting it keeps")
    func serviceLock() throws {
        let (service, root) = try Self.makeService()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let locks = ServiceLocks(environment: [:], services: [service], console: Console(environment: [:]))
        let held = try #require(locks.acquire(service))
        #expect(locks.acquire(service) == nil)
        #expect(!locks.isFree(service))
        let child = ChildProcess(executable: "/bin/sleep", arguments: ["sleep", "30"], environment: [:],
                                 standardInput: .file("/dev/null"), inheritedDescriptors: [held.fd])
        let pid = try child.spawn()
        held.release()
        #expect(!locks.isFree(service), "the child inherited the lock")
        kill(pid, SIGKILL)
        _ = ChildProcess.wait(pid)
        try waitUntil("the service lock to be free", timeout: 10) { locks.isFree(service) }
    }

    @Test("an inherited parent lock is kept for the same service and closed otherwise")
    func parentLock() throws {
        let (service, root) = try Self.makeService()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let other = Service(path: root + "/playground/db")
        try FileManager.default.createDirectory(atPath: other.path, withIntermediateDirectories: true)
        let fd = open(service.path, O_RDONLY | O_DIRECTORY)
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let environment = ["PGCTL_SERVICE": service.path, "PGCTL_SERVICE_LOCK": String(fd)]
        let same = ServiceLocks(environment: environment, services: [service], console: Console(environment: [:]))
        #expect(same.acquire(service)?.fd == fd)
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        _ = ServiceLocks(environment: environment, services: [other], console: Console(environment: [:]))
        // Closed for another service: its flock is gone (checked through a new descriptor — the
        // old number may already be reused by a test running in parallel).
        let probe = open(service.path, O_RDONLY | O_DIRECTORY)
        defer { close(probe) }
        #expect(flock(probe, LOCK_EX | LOCK_NB) == 0, "closed for another service")
    }

    @Test("the service environment: PGCTL_* set, PGCTL_DEBUG removed")
    func environment() {
        let service = Service(path: "/p/playground/web")
        var env = SupervisorLauncher.serviceEnvironment(["PGCTL_DEBUG": "true", "MYVAR": "x"], service: service, scratch: "/s", lockFD: 3)
        #expect(env.removeValue(forKey: "PATH") != nil, "pgctl's directory is put on the services' PATH")
        #expect(env == ["MYVAR": "x", "PGCTL_SCRATCH": "/s", "PGCTL_SERVICE": "/p/playground/web",
                        "PGCTL_SERVICE_LOCK": "3", "PGCTL_SERVICE_PROCESS": "true"])
        #expect(ScratchDirectory(service: service, pghome: "/h/.run/pgctl/").path == "/h/.run/pgctl/p/playground/web")
    }

    @Test("run problems, timeouts and prepared files")
    func serviceFiles() throws {
        let (service, root) = try Self.makeService()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = ServiceDirectoryFiles(service: service)
        #expect(files.runProblem(workingDirectory: root) == "its run script does not exist: playground/web/run")
        try "#!/bin/sh\n".write(toFile: files.run, atomically: true, encoding: .utf8)
        #expect(files.runProblem(workingDirectory: root) == "its run script is not executable: playground/web/run")
        chmod(files.run, 0o755)
        #expect(files.runProblem(workingDirectory: root) == nil)
        #expect(try files.readyTimeout() == nil)
        try " 2.5\n".write(toFile: service.path + "/timeout-ready", atomically: true, encoding: .utf8)
        #expect(try files.readyTimeout() == 2.5)
        try "-1".write(toFile: service.path + "/timeout-stop", atomically: true, encoding: .utf8)
        #expect(throws: PgctlError.self) { try files.stopTimeout() }
        _ = FileManager.default.createFile(atPath: service.path + "/down", contents: nil)
        _ = FileManager.default.createFile(atPath: service.path + "/ready", contents: nil)
        try files.prepareForSupervisor()
        #expect(!FileManager.default.fileExists(atPath: service.path + "/down"))
        #expect(try String(contentsOfFile: service.path + "/notification-fd", encoding: .utf8) == "5\n")
    }

    /// A change that only has a name, to drive ``DoneReports``.
    final class NamedChange: ServiceChange {
        let service: Service
        let timeout = 1.0
        let subscription: SupervisorEvents? = nil
        init(_ name: String) { service = Service(path: "/p/\(name)") }
        func request(round: ChangeRound) throws(PgctlError) {}
        func check(round: ChangeRound) -> ChangeCheck { .done }
        func expired(round: ChangeRound) -> ChangeCheck { .done }
        func finish() {}
    }

    @Test("services done close together are reported in request order, none held longer than the window")
    func doneReportsInOrder() {
        let (a, b, c) = (NamedChange("a"), NamedChange("b"), NamedChange("c"))
        let all: [ServiceChange] = [a, b, c]
        var reports = DoneReports(window: 0.025)
        #expect(reports.nextRelease(now: 0) == nil)
        reports.hold(c, at: 1.0)
        #expect(reports.release(requestOrder: all, pending: [a, b], now: 1.0).isEmpty, "c waits for a and b")
        #expect(abs((reports.nextRelease(now: 1.01) ?? 0) - 0.015) < 1e-9)
        reports.hold(a, at: 1.01)
        #expect(reports.release(requestOrder: all, pending: [b], now: 1.01).map(\.service.name) == ["a"])
        reports.hold(b, at: 1.02)
        #expect(reports.release(requestOrder: all, pending: [], now: 1.02).map(\.service.name) == ["b", "c"])
        reports.hold(c, at: 2.0)
        #expect(reports.release(requestOrder: all, pending: [a], now: 2.02).isEmpty)
        #expect(reports.release(requestOrder: all, pending: [a], now: 2.03).map(\.service.name) == ["c"], "held for the window: reported")
    }

    @Test("readiness re-checks due close together are served by one round")
    func coalescing() {
        #expect(ChangeLoop.coalescedWake([]) == nil)
        #expect(ChangeLoop.coalescedWake([0.05, 0.06, 0.2]) == 0.06)
        #expect(ChangeLoop.coalescedWake([0.3, 0.01]) == 0.01)
    }
}
