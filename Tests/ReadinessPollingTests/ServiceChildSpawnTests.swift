@testable import ReadinessPolling
import SuperviseSystem
import Testing

/// What a child of pgctl-poll-ready inherits (``ServiceChildSpawn``, over ``ProgramSpawn``).
@Suite("ServiceChildSpawn: kept descriptors, the service lock, nothing else")
struct ServiceChildSpawnTests {
    /// A close-on-exec, or inheritable, descriptor on /dev/null.
    static func devNull(inheritable: Bool) throws -> FileDescriptor {
        try FileDescriptor.open("/dev/null", inheritable ? [.readOnly] : [.readOnly, .closeOnExec])
    }

    @Test("the service lock is the inheritable descriptor PGCTL_SERVICE_LOCK names, above 2")
    func serviceLock() throws {
        let open = try Self.devNull(inheritable: true)
        let closing = try Self.devNull(inheritable: false)
        defer {
            open.close()
            closing.close()
        }
        let variable = ServiceChildSpawn.serviceLockVariable
        #expect(ServiceChildSpawn.inheritedServiceLock(environment: [variable: String(open.rawValue)]) == open)
        #expect(ServiceChildSpawn.inheritedServiceLock(environment: [variable: String(closing.rawValue)]) == nil)
        #expect(ServiceChildSpawn.inheritedServiceLock(environment: [variable: "2"]) == nil)
        #expect(ServiceChildSpawn.inheritedServiceLock(environment: [variable: "x"]) == nil)
        #expect(ServiceChildSpawn.inheritedServiceLock(environment: [:]) == nil)
    }

    @Test("a kept descriptor is inherited at its number even when close-on-exec; an unnamed inheritable one is not")
    func keptOnly() throws {
        let kept = try Self.devNull(inheritable: false)
        let stray = try Self.devNull(inheritable: true)
        let output = "/tmp/pgctl-child-spawn-test.\(ProcessControl.currentPID).\(kept.rawValue)"
        defer {
            kept.close()
            stray.close()
            try? FileSystem.unlink(output)
        }
        let script = "for fd in \(kept.rawValue) \(stray.rawValue); do if [ -e /proc/$$/fd/$fd ]; then echo $fd; fi; done > \"$0\""
        let pid = try ServiceChildSpawn.spawn("/bin/sh", arguments: ["sh", "-c", script, output], keeping: [kept])
        #expect(try ProcessControl.waitForExit(pid) == 0)
        let seen = String(decoding: try FileSystem.readFile(output), as: UTF8.self)
        #expect(seen == "\(kept.rawValue)\n")
        #expect(kept.isOpen && !kept.isInheritable, "ours is left as it was")
    }
}
