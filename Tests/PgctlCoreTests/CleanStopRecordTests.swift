import Foundation
@testable import PgctlCore
import Testing
import TestSupport

/// ``CleanStopRecord``: valid only while `supervise/status` keeps the bytes it had at the clean
/// stop; removed by `invalidate`.
@Suite("clean-stop record")
struct CleanStopRecordTests {
    @Test("record, status change, re-record, invalidate")
    func lifecycle() throws {
        let temporary = try TemporaryDirectory(prefix: "clean-stop")
        defer { temporary.remove() }
        let pghome = temporary.path + "/home"
        let service = Service(path: temporary.path + "/playground/svc")
        try FileManager.default.createDirectory(atPath: service.path, withIntermediateDirectories: true)
        try ScratchDirectory(service: service, pghome: pghome).prepare(for: service, pghome: pghome)
        let record = CleanStopRecord(service: service, pghome: pghome)
        let status = service.path + "/supervise/status"

        #expect(!record.isValid, "no record yet: scan")
        record.record()
        #expect(record.isValid, "never supervised, stopped cleanly")
        #expect(FileManager.default.createFile(atPath: status, contents: Data(repeating: 1, count: 35)))
        #expect(!record.isValid, "a supervisor wrote a status since")
        record.record()
        #expect(record.isValid)
        #expect(FileManager.default.createFile(atPath: status, contents: Data(repeating: 2, count: 35)))
        #expect(!record.isValid, "the status changed again")
        record.record()
        record.invalidate()
        #expect(!record.isValid, "start or debug removed it")
        #expect(!FileManager.default.fileExists(atPath: record.path))
    }
}
