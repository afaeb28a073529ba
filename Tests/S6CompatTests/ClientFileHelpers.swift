import Foundation
import SuperviseStatus
import SuperviseSystem
import TestSupport

/// Builds fake service directories for the S6Compat tests: `supervise/` with a crafted status
/// file, with or without a control FIFO, without any supervisor.
struct FakeService {
    let temporary: TemporaryDirectory
    let directory: String

    init() throws {
        temporary = try TemporaryDirectory(prefix: "s6compat-test")
        directory = temporary.child("svc")
        try FileManager.default.createDirectory(atPath: directory + "/supervise", withIntermediateDirectories: true)
    }

    /// Writes `supervise/status`.
    func writeStatus(_ bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/supervise/status"))
    }

    /// A status record `age` seconds old.
    static func record(up: Bool = false, ready: Bool = true, wantUp: Bool = true, finishing: Bool = false,
                       wait: WaitStatus = WaitStatus(rawValue: 0)) -> StatusRecord {
        let now = WallClock.now()
        let stamp = TAI64N(unixSeconds: now.seconds - 5, nanoseconds: 0)
        var flags: StatusRecord.Flags = []
        if ready { flags.insert(.ready) }
        if wantUp { flags.insert(.wantUp) }
        if finishing { flags.insert(.finishing) }
        return StatusRecord(stamp: stamp, readyStamp: stamp, pid: up || finishing ? 4242 : 0, waitStatus: wait, flags: flags)
    }

    /// Names in `event/` that are listener FIFOs.
    func listenerNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/event")) ?? []).filter { $0.hasPrefix("ftrig1:") }
    }

    func remove() { temporary.remove() }
}
