import Foundation
import Synchronization
import S6Compat
import Supervise
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

/// The waiter over real FIFOs, with the events sent by the supervisor's own notifier code
/// from `afterStatusRead` (the moment `s6-svc -w` sends its command).
@Suite struct ServiceWaiterTests {
    func notify(_ service: FakeService, _ events: [SupervisorEvent]) {
        EventFifoDir(path: service.directory + "/event").notify(events)
    }

    func soon() -> MonotonicInstant { MonotonicInstant.now.adding(milliseconds: 10_000) }

    @Test func alreadySatisfiedNeedsNoEvent() throws {
        let service = try FakeService()
        defer { service.remove() }
        try service.writeStatus(FakeService.record(up: true).bytes)
        let waiter = ServiceWaiter(directories: [service.directory], request: .up)
        #expect(try waiter.run(deadline: soon()) == .satisfied)
        #expect(service.listenerNames().isEmpty, "subscriptions are removed")
    }

    @Test func eventSentAfterTheStatusReadIsSeen() throws {
        let service = try FakeService()
        defer { service.remove() }
        try service.writeStatus(FakeService.record(up: false).bytes)
        let waiter = ServiceWaiter(directories: [service.directory], request: .upAndReady)
        let outcome = try waiter.run(deadline: soon()) { notify(service, [.up, .ready]) }
        #expect(outcome == .satisfied)
    }

    @Test func supervisorExitIsAFailure() throws {
        let service = try FakeService()
        defer { service.remove() }
        try service.writeStatus(FakeService.record(up: false).bytes)
        let waiter = ServiceWaiter(directories: [service.directory], request: .up)
        #expect(try waiter.run(deadline: soon()) { notify(service, [.exit]) } == .failed(count: 1))
    }

    /// A restart needs its `u` after the batch that ended the down phase (s6 drops the rest of
    /// that batch), so `u` is sent over and over from another thread until the wait is over:
    /// whether the first `u` shares the `d`'s batch or not, a later one completes the restart.
    /// (With several services a `u` arriving before every `d` was read would undo the down
    /// phase; that ordering is covered by `WaitProgressTests`.)
    @Test func restartSeesDownThenUp() throws {
        let service = try FakeService()
        defer { service.remove() }
        try service.writeStatus(FakeService.record(up: true).bytes)
        let done = Atomic<Bool>(false)
        let path = service.directory
        let waiter = ServiceWaiter(directories: [service.directory], request: .restart)
        let outcome = try waiter.run(deadline: soon()) {
            notify(service, [.died])
            Thread.detachNewThread {
                while !done.load(ordering: .acquiring) {
                    EventFifoDir(path: path + "/event").notify([.up])
                    usleep(5_000)
                }
            }
        }
        done.store(true, ordering: .releasing)
        #expect(outcome == .satisfied)
    }

    @Test func restartStopsAfterTheDownPhaseThatSawAFailure() throws {
        let first = try FakeService(), second = try FakeService()
        defer { first.remove(); second.remove() }
        try first.writeStatus(FakeService.record(up: true).bytes)
        try second.writeStatus(FakeService.record(up: true).bytes)
        let waiter = ServiceWaiter(directories: [first.directory, second.directory], request: .restart)
        let outcome = try waiter.run(deadline: soon()) {
            notify(first, [.exit])
            notify(second, [.died])
        }
        #expect(outcome == .failed(count: 1))
    }

    @Test func deadlinePasses() throws {
        let service = try FakeService()
        defer { service.remove() }
        try service.writeStatus(FakeService.record(up: false).bytes)
        let waiter = ServiceWaiter(directories: [service.directory], request: .up)
        #expect(try waiter.run(deadline: MonotonicInstant.now.adding(milliseconds: 50)) == .timedOut)
        #expect(service.listenerNames().isEmpty)
    }

    @Test func interruptionEndsTheWait() throws {
        let service = try FakeService()
        defer { service.remove() }
        try service.writeStatus(FakeService.record(up: false).bytes)
        let pipe = try FileDescriptor.pipe()
        defer { pipe.read.close(); pipe.write.close() }
        let waiter = ServiceWaiter(directories: [service.directory], request: .up)
        let outcome = try waiter.run(deadline: soon(), interruption: pipe.read) { try? pipe.write.writeAll([1]) }
        #expect(outcome == .interrupted)
        #expect(service.listenerNames().isEmpty)
    }

    @Test func statusIsReadAfterSubscribingAndErrorsNameNoDirectory() throws {
        let service = try FakeService()
        defer { service.remove() }
        let waiter = ServiceWaiter(directories: [service.directory], request: .up)
        #expect(throws: WaitError.statusUnreadable(directory: service.directory, .noSuchFile)) {
            try waiter.run(deadline: soon())
        }
        #expect(FileManager.default.fileExists(atPath: service.directory + "/event"), "subscribed first")
        #expect(service.listenerNames().isEmpty)
        #expect(WaitError.statusUnreadable(directory: "svc", .brokenPipe).s6Message
            == "unable to s6_svstatus_read: Broken pipe")
    }

    @Test func everyServiceIsSubscribedBeforeAnyStatusIsRead() throws {
        let service = try FakeService()
        defer { service.remove() }
        let missing = service.temporary.child("missing")
        let waiter = ServiceWaiter(directories: [service.directory, missing], request: .up)
        #expect(throws: WaitError.subscribeFailed(EventSubscriptionError(directory: missing, errno: .noSuchFile))) {
            try waiter.run(deadline: soon())
        }
        #expect(service.listenerNames().isEmpty, "the first subscription was removed")
    }
}
