import Foundation
@testable import S6Compat
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

@Suite struct ControlSenderTests {
    /// A fake service whose control FIFO has a reader (this process), like a live supervisor.
    func withListeningFIFO(_ body: (FakeService, FileDescriptor) throws -> Void) throws {
        let service = try FakeService()
        defer { service.remove() }
        let fifo = service.directory + "/supervise/control"
        try FileSystem.makeFIFO(fifo, mode: 0o600)
        let reader = try FileDescriptor.open(fifo, [.readOnly, .nonBlocking, .closeOnExec])
        defer { reader.close() }
        try body(service, reader)
    }

    @Test func allBytesArriveInOneWrite() throws {
        try withListeningFIFO { service, reader in
            try ControlSender.send([.user1, .user2, .alarm], to: service.directory)
            #expect(try reader.read(upTo: 100) == Array("12a".utf8))
            try ControlSender.send(bytes: Array("dx".utf8), to: service.directory)
            #expect(try reader.read(upTo: 100) == Array("dx".utf8))
        }
    }

    @Test func noCommandsOnlyChecksThatSomeoneListens() throws {
        try withListeningFIFO { service, reader in
            try ControlSender.send([], to: service.directory)
            // Nothing was written: the writer came and went (end of file, no byte).
            #expect(try reader.read(upTo: 100) == [])
        }
    }

    @Test func fifoWithoutReaderIsNotListening() throws {
        let service = try FakeService()
        defer { service.remove() }
        try FileSystem.makeFIFO(service.directory + "/supervise/control", mode: 0o600)
        #expect(throws: ControlError.notListening(directory: service.directory)) {
            try ControlSender.send([.up], to: service.directory)
        }
    }

    @Test func diagnosesBrokenDirectories() throws {
        let service = try FakeService()
        defer { service.remove() }
        let base = service.temporary.path
        let fm = FileManager.default
        try fm.createDirectory(atPath: base + "/nosupervise", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: base + "/fileSupervise", withIntermediateDirectories: true)
        #expect(fm.createFile(atPath: base + "/fileSupervise/supervise", contents: nil))
        try fm.createDirectory(atPath: base + "/dirControl/supervise/control", withIntermediateDirectories: true)
        #expect(fm.createFile(atPath: base + "/plainFile", contents: nil))

        let cases: [(String, ControlError)] = [
            (service.directory, .superviseDirectoryBroken(directory: service.directory, .noSuchFile)),
            (base + "/nosupervise", .notListening(directory: base + "/nosupervise")),
            (base + "/fileSupervise", .superviseDirectoryBroken(directory: base + "/fileSupervise", .notDirectory)),
            (base + "/dirControl", .superviseDirectoryBroken(directory: base + "/dirControl", .isDirectory)),
            (base + "/missing", .failed(directory: base + "/missing", .noSuchFile)),
            (base + "/plainFile", .failed(directory: base + "/plainFile", .notDirectory)),
        ]
        for (directory, expected) in cases {
            #expect(throws: expected, "\(directory)") { try ControlSender.send([.up], to: directory) }
        }
    }

    @Test func messagesAndExitCodesAreTheRealToolsOnes() {
        let notListening = ControlError.notListening(directory: "svc")
        #expect(notListening.s6Message == ": unable to control svc: supervisor not listening")
        #expect(notListening.description == "unable to control svc: supervisor not listening")
        #expect(notListening.exitCode == 100)
        let broken = ControlError.superviseDirectoryBroken(directory: "svc", .noSuchFile)
        #expect(broken.s6Message == "something is wrong with the svc/supervise directory: No such file or directory")
        #expect(broken.exitCode == 100)
        let failed = ControlError.failed(directory: "/x", .accessDenied)
        #expect(failed.s6Message == "unable to control /x: Permission denied")
        #expect(failed.exitCode == 111)
    }
}
