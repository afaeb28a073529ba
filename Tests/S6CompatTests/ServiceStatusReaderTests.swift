import Foundation
import S6Compat
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

@Suite struct ServiceStatusReaderTests {
    @Test func noLockFileMeansNotRunning() throws {
        let service = try FakeService()
        defer { service.remove() }
        #expect(try ServiceStatusReader.supervisorIsRunning(service.directory) == false)
        #expect(try ServiceStatusReader.supervisorIsRunning(service.temporary.child("missing")) == false)
    }

    @Test func unlockedLockFileMeansNotRunning() throws {
        let service = try FakeService()
        defer { service.remove() }
        #expect(FileManager.default.createFile(atPath: service.directory + "/supervise/lock", contents: nil))
        #expect(try ServiceStatusReader.supervisorIsRunning(service.directory) == false)
        #expect(throws: ServiceStatusError.supervisorNotRunning(directory: service.directory)) {
            try ServiceStatusReader.readLiveStatus(service.directory)
        }
    }

    @Test func unusableDirectoryIsACheckFailure() throws {
        let service = try FakeService()
        defer { service.remove() }
        let file = service.temporary.child("file")
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        #expect(throws: ServiceStatusError.checkFailed(directory: file, .notDirectory)) {
            try ServiceStatusReader.supervisorIsRunning(file)
        }
    }

    @Test func readsTheFirst35Bytes() throws {
        let service = try FakeService()
        defer { service.remove() }
        let record = FakeService.record(up: true, ready: false)
        try service.writeStatus(record.bytes + [1, 2, 3])
        #expect(try ServiceStatusReader.readRecord(service.directory) == record)
    }

    @Test func shortStatusIsBrokenPipe() throws {
        let service = try FakeService()
        defer { service.remove() }
        try service.writeStatus(Array(repeating: 0x78, count: 34))
        #expect(throws: Errno.brokenPipe) { try ServiceStatusReader.readRecord(service.directory) }
        try service.writeStatus([])
        #expect(throws: Errno.brokenPipe) { try ServiceStatusReader.readRecord(service.directory) }
    }

    @Test func missingOrDirectoryStatus() throws {
        let service = try FakeService()
        defer { service.remove() }
        #expect(throws: Errno.noSuchFile) { try ServiceStatusReader.readRecord(service.directory) }
        try FileManager.default.createDirectory(atPath: service.directory + "/supervise/status", withIntermediateDirectories: false)
        #expect(throws: Errno(rawValue: 21)) { try ServiceStatusReader.readRecord(service.directory) }
    }

    @Test func normallyUpFollowsTheDownFile() throws {
        let service = try FakeService()
        defer { service.remove() }
        #expect(ServiceStatusReader.isNormallyUp(service.directory))
        #expect(FileManager.default.createFile(atPath: service.directory + "/down", contents: nil))
        #expect(!ServiceStatusReader.isNormallyUp(service.directory))
        try FileManager.default.removeItem(atPath: service.directory + "/down")
        try FileManager.default.createDirectory(atPath: service.directory + "/down", withIntermediateDirectories: false)
        #expect(!ServiceStatusReader.isNormallyUp(service.directory), "any kind of file counts, as with access(2)")
    }

    @Test func messagesAndExitCodesAreTheRealToolsOnes() {
        let notRunning = ServiceStatusError.supervisorNotRunning(directory: "svc")
        #expect(notRunning.s6Message == ": unable to read status for svc: s6-supervise not running")
        #expect(notRunning.description == "unable to read status for svc: s6-supervise not running")
        #expect(notRunning.exitCode == 1)
        let check = ServiceStatusError.checkFailed(directory: "svc", .notDirectory)
        #expect(check.s6Message == "unable to check svc: Not a directory")
        #expect(check.exitCode == 111)
        let unreadable = ServiceStatusError.statusUnreadable(directory: "svc", .brokenPipe)
        #expect(unreadable.s6Message == "unable to read status for svc: Broken pipe")
        #expect(unreadable.exitCode == 111)
    }
}
