import Glibc
import S6Compat
import Supervise
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

/// Issue 10, defect 2: the client tools' files (`supervise/control`, `status`, `lock`, the
/// listener FIFOs in `event/`) are never opened through a symbolic link planted in their place,
/// and a control "FIFO" that is not one is never written to.
@Suite struct PlantedLinkTests {
    /// A FIFO outside the service directory with a reader (this process): the most tempting
    /// target, since a write to it succeeds.
    struct ListenedFIFO {
        let path: String
        let reader: FileDescriptor

        init(_ path: String) throws {
            self.path = path
            try FileSystem.makeFIFO(path, mode: 0o600)
            reader = try FileDescriptor.open(path, [.readOnly, .nonBlocking, .closeOnExec])
        }

        /// What was written to it (nothing: an empty array, whether EOF or EAGAIN).
        func received() -> [UInt8] { (try? reader.read(upTo: 100)) ?? [] }
    }

    static let precious: [UInt8] = Array("precious\n".utf8)

    static func writeVictim(_ path: String) throws {
        try FileSystem.replaceAtomically(path, with: precious, temporaryPath: path + ".tmp")
    }

    @Test func controlLinkToAListenedFIFOIsRefused() throws {
        let service = try FakeService()
        defer { service.remove() }
        let victim = try ListenedFIFO(service.temporary.child("victim"))
        defer { victim.reader.close() }
        #expect(symlink(victim.path, service.directory + "/supervise/control") == 0)
        do {
            try ControlSender.send([.up], to: service.directory)
            Issue.record("s6-svc wrote through a symbolic link")
        } catch {
            #expect(error.exitCode == 100)
            #expect(error.s6Message.contains("\(service.directory)/supervise/control is a symbolic link"), "\(error.s6Message)")
        }
        #expect(victim.received() == [])
    }

    @Test("control that is a link to a file, or a regular file itself: never written", arguments: [true, false])
    func controlThatIsNoFIFOIsNeverWritten(throughLink: Bool) throws {
        let service = try FakeService()
        defer { service.remove() }
        let control = service.directory + "/supervise/control"
        let victim = throughLink ? service.temporary.child("victim") : control
        try Self.writeVictim(victim)
        if throughLink { #expect(symlink(victim, control) == 0) }
        #expect(throws: (any Error).self) { try ControlSender.send([.up], to: service.directory) }
        #expect(try FileSystem.readFile(victim) == Self.precious)
    }

    @Test func statusLinkIsRefused() throws {
        let service = try FakeService()
        defer { service.remove() }
        let elsewhere = service.temporary.child("status-elsewhere")
        try FileSystem.replaceAtomically(elsewhere, with: FakeService.record(up: true).bytes, temporaryPath: elsewhere + ".tmp")
        #expect(symlink(elsewhere, service.directory + "/supervise/status") == 0)
        #expect(throws: (any Error).self) { try ServiceStatusReader.readRecord(service.directory) }
    }

    @Test func lockLinkIsRefused() throws {
        let service = try FakeService()
        defer { service.remove() }
        let elsewhere = service.temporary.child("lock-elsewhere")
        try Self.writeVictim(elsewhere)
        #expect(symlink(elsewhere, service.directory + "/supervise/lock") == 0)
        do {
            _ = try ServiceStatusReader.supervisorIsRunning(service.directory)
            Issue.record("the lock was opened through a symbolic link")
        } catch {
            #expect(error.s6Message.contains("\(service.directory)/supervise/lock is a symbolic link"), "\(error.s6Message)")
        }
    }

    /// The supervisor's notifier (EventFifoDir) never writes into a link or a regular file
    /// that carries a listener's name.
    @Test("the notifier skips links and regular files named like listeners", arguments: [true, false])
    func notifierSkipsImpostors(link: Bool) throws {
        let service = try FakeService()
        defer { service.remove() }
        let events = service.directory + "/event"
        try FileSystem.makeDirectory(events, mode: 0o700)
        let name = events + "/ftrig1:@400000006543210a0b0c0d0e:abcdef"
        #expect(EventFifoDir.isListenerName(String(name.dropFirst(events.count + 1))))
        if link {
            let victim = try ListenedFIFO(service.temporary.child("victim"))
            defer { victim.reader.close() }
            #expect(symlink(victim.path, name) == 0)
            EventFifoDir(path: events).notify([.up])
            #expect(victim.received() == [])
        } else {
            try Self.writeVictim(name)
            EventFifoDir(path: events).notify([.up])
            #expect(try FileSystem.readFile(name) == Self.precious)
        }
    }
}

/// Issue 10, defect 10: listener FIFOs left by killed listeners are removed when a new listener
/// subscribes; live listeners' FIFOs (a reader holds them) and anything that is not a FIFO stay.
@Suite struct StaleListenerSweepTests {
    @Test func staleFIFOsGoLiveOnesStay() throws {
        let service = try FakeService()
        defer { service.remove() }
        let events = service.directory + "/event"
        try FileSystem.makeDirectory(events, mode: 0o700)
        let stale = events + "/ftrig1:@400000006543210a0b0c0d0e:stale1"
        let live = events + "/ftrig1:@400000006543210a0b0c0d0f:live01"
        let plain = events + "/ftrig1:@400000006543210a0b0c0d10:plain1"
        try FileSystem.makeFIFO(stale, mode: 0o600)
        try FileSystem.makeFIFO(live, mode: 0o600)
        let reader = try FileDescriptor.open(live, [.readOnly, .nonBlocking, .closeOnExec])
        defer { reader.close() }
        try PlantedLinkTests.writeVictim(plain)

        let subscription = try EventSubscription(serviceDirectory: service.directory)
        defer { subscription.cancel() }
        #expect(!FileSystem.exists(stale), "the stale listener FIFO is removed")
        #expect((try? FileSystem.kind(of: live)) == .fifo, "a live listener's FIFO is kept")
        #expect(try FileSystem.readFile(plain) == PlantedLinkTests.precious, "a regular file is left alone")
        #expect((try? reader.read(upTo: 10)) ?? [] == [], "the live listener received nothing from the sweep")
        #expect(FileSystem.exists(subscription.fifoPath))
    }
}
