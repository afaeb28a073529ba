import Foundation
import S6Compat
import Supervise
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

@Suite struct EventSubscriptionTests {
    @Test func createsTheFifodirAndAListenerFIFO() throws {
        let service = try FakeService()
        defer { service.remove() }
        let subscription = try EventSubscription(serviceDirectory: service.directory)
        defer { subscription.cancel() }
        let events = service.directory + "/event"
        let directory = try FileSystem.metadata(of: events)
        #expect(directory.kind == .directory)
        #expect(directory.mode == 0o3730)
        #expect(directory.group == FileSystem.effectiveGroup)

        let names = service.listenerNames()
        #expect(names.count == 1)
        let name = try #require(names.first)
        #expect(subscription.fifoPath == events + "/" + name)
        #expect(EventFifoDir.isListenerName(name), "the supervisor's notifier must write to it")
        let fifo = try FileSystem.metadata(of: subscription.fifoPath)
        #expect(fifo.kind == .fifo && fifo.mode == 0o600)
        // ftrig1:@<TAI64N label of now>:<6 characters>
        let label = try #require(TAI64N(label: String(name.dropFirst(7).prefix(25))))
        #expect(abs(label.unixSeconds - WallClock.now().seconds) <= 2)
        #expect(name.dropFirst(32).first == ":")
    }

    @Test func anExistingFifodirIsLeftAsItIs() throws {
        let service = try FakeService()
        defer { service.remove() }
        try FileSystem.makeDirectory(service.directory + "/event", mode: 0o755)
        try FileSystem.setMode(service.directory + "/event", 0o755)
        let subscription = try EventSubscription(serviceDirectory: service.directory)
        defer { subscription.cancel() }
        #expect(try FileSystem.metadata(of: service.directory + "/event").mode == 0o755)
    }

    @Test func receivesWhatTheSupervisorsNotifierSends() throws {
        let service = try FakeService()
        defer { service.remove() }
        let subscription = try EventSubscription(serviceDirectory: service.directory)
        defer { subscription.cancel() }
        #expect(try subscription.readAvailable() == [])
        EventFifoDir(path: service.directory + "/event").notify([.died, .downReady])
        #expect(try subscription.waitForEvents(until: MonotonicInstant.now.adding(milliseconds: 5000)) == Array("dD".utf8))
        EventFifoDir(path: service.directory + "/event").notify([.up])
        #expect(try subscription.waitForEvents(until: nil) == Array("u".utf8))
    }

    @Test func waitingPastTheDeadlineReturnsNil() throws {
        let service = try FakeService()
        defer { service.remove() }
        let subscription = try EventSubscription(serviceDirectory: service.directory)
        defer { subscription.cancel() }
        let start = MonotonicInstant.now
        #expect(try subscription.waitForEvents(until: start.adding(milliseconds: 50)) == nil)
        #expect(MonotonicInstant.now.nanoseconds - start.nanoseconds >= 50_000_000)
    }

    @Test func cancelAndReleaseRemoveTheFIFO() throws {
        let service = try FakeService()
        defer { service.remove() }
        let subscription = try EventSubscription(serviceDirectory: service.directory)
        #expect(service.listenerNames().count == 1)
        subscription.cancel()
        subscription.cancel()
        #expect(service.listenerNames().isEmpty)
        do {
            _ = try EventSubscription(serviceDirectory: service.directory)
        }
        #expect(service.listenerNames().isEmpty)
    }

    @Test func failuresNameTheDirectoryAndErrno() throws {
        let service = try FakeService()
        defer { service.remove() }
        let missing = service.temporary.child("missing")
        #expect(throws: EventSubscriptionError(directory: missing, errno: .noSuchFile)) {
            try EventSubscription(serviceDirectory: missing)
        }
        #expect(FileManager.default.createFile(atPath: service.directory + "/event", contents: nil))
        #expect(throws: EventSubscriptionError(directory: service.directory, errno: .notDirectory)) {
            try EventSubscription(serviceDirectory: service.directory)
        }
        #expect(EventSubscriptionError(directory: "svc", errno: .accessDenied).s6Message
            == "unable to subscribe to events for svc: Permission denied")
    }

    @Test func deadlines() {
        #expect(Deadline.after(milliseconds: 0) == nil)
        #expect(Deadline.remainingMilliseconds(until: nil) == -1)
        #expect(Deadline.remainingMilliseconds(until: MonotonicInstant.now.adding(milliseconds: -1)) == nil)
        let left = Deadline.remainingMilliseconds(until: MonotonicInstant.now.adding(milliseconds: 1000))
        #expect(left.map { $0 > 900 && $0 <= 1000 } == true)
        #expect(Deadline.remainingMilliseconds(until: MonotonicInstant.now.adding(milliseconds: Int64(UInt32.max))) == Int32.max)
    }
}
