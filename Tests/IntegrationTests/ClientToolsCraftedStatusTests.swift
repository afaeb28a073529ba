import Foundation
import SuperviseStatus
import SuperviseSystem
import TestSupport
import Testing

/// `s6-svstat` on status records no supervisor would write in a single test run: every flag
/// combination, odd wait statuses, pids that do not fit a `pid_t`, stamps in the future.
/// A supervisor (ours, with a `down` file so it never rewrites the status) holds the lock,
/// and the test writes `supervise/status` itself.
extension ClientToolsIntegration {
    @Suite("s6-svstat on crafted status records") struct CraftedStatus {
        static let allFields = "up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor"

        /// Runs `body` on a service whose supervisor holds the lock but never rewrites the status.
        /// Whatever the body writes, a status with no pid is put back before the clean-up, which
        /// kills the pid recorded in the status file: a crafted pid must never be signalled.
        func withLockedService(_ body: (ServiceSandbox) throws -> Void) throws {
            try withClientService(.ours, files: ["down": ""]) { sandbox in
                defer { try? write(record(flags: 0x08, pid: 0, wait: 0), to: sandbox) }
                try body(sandbox)
            }
        }

        /// Replaces the status file atomically, as a supervisor does.
        func write(_ record: StatusRecord, to sandbox: ServiceSandbox) throws {
            try FileSystem.replaceAtomically(sandbox.path("supervise/status"), with: record.bytes,
                                             temporaryPath: sandbox.path("supervise/status.test"))
        }

        func record(flags: UInt8, pid: UInt64, wait: UInt16, stampOffset: Int64 = -100, readyOffset: Int64 = -40,
                    nanoseconds: UInt32 = 250_000_000) -> StatusRecord {
            let now = WallClock.now().seconds
            return StatusRecord(stamp: TAI64N(unixSeconds: now + stampOffset, nanoseconds: nanoseconds),
                                readyStamp: TAI64N(unixSeconds: now + readyOffset, nanoseconds: nanoseconds),
                                pid: pid, waitStatus: WaitStatus(rawValue: wait), flags: StatusRecord.Flags(rawValue: flags))
        }

        /// Compares the three output forms with the real tool (labels normalised when a stamp
        /// is in the future: it is then clamped to the reading time, which differs per run).
        func compareAllForms(_ sandbox: ServiceSandbox, futureStamp: Bool = false,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
            let labels: (String) -> String = futureStamp ? { $0.replacing(/@[0-9a-f]{24}/, with: "@label") } : { $0 }
            for arguments in [[sandbox.directory], ["-n", sandbox.directory], ["-o", Self.allFields, sandbox.directory]] {
                try expectSameAsReal("s6-svstat", arguments, normalize: labels, sourceLocation: sourceLocation)
            }
        }

        @Test(.enabled(if: RealS6.isInstalled, RealS6.skipReason))
        func everyFlagCombinationMatchesTheRealTool() throws {
            try withLockedService { sandbox in
                for flags in UInt8(0)..<16 {
                    for pid: UInt64 in [0, 77] {
                        for (wait, normallyUp): (UInt16, Bool) in [(0x0300, true), (0x000f, false), (0x0040, true)] {
                            if normallyUp {
                                try? FileManager.default.removeItem(atPath: sandbox.path("down"))
                            } else {
                                #expect(FileManager.default.createFile(atPath: sandbox.path("down"), contents: nil))
                            }
                            try write(record(flags: flags, pid: pid, wait: wait), to: sandbox)
                            try compareAllForms(sandbox)
                        }
                    }
                }
            }
        }

        @Test(.enabled(if: RealS6.isInstalled, RealS6.skipReason))
        func oddRecordsMatchTheRealTool() throws {
            try withLockedService { sandbox in
                for pid: UInt64 in [1 << 31, (1 << 32) + 5, 1 << 63, UInt64.max] {
                    try write(record(flags: 0x04, pid: pid, wait: 0), to: sandbox)
                    try compareAllForms(sandbox)
                }
                for wait: UInt16 in [0x007f, 0x137f, 0xffff, 0x008f, 0x001d, 0x0006, 0x0010, 0x001e, 0x0040] {
                    try write(record(flags: 0x08, pid: 0, wait: wait), to: sandbox)
                    try compareAllForms(sandbox)
                }
                try write(record(flags: 0x0c, pid: 77, wait: 0, readyOffset: 100), to: sandbox)
                try compareAllForms(sandbox)
                try write(record(flags: 0x0c, pid: 77, wait: 0, stampOffset: 100), to: sandbox)
                try compareAllForms(sandbox, futureStamp: true)
                for byte: UInt8 in [0x00, 0xff] {
                    try FileSystem.replaceAtomically(sandbox.path("supervise/status"), with: Array(repeating: byte, count: 35),
                                                     temporaryPath: sandbox.path("supervise/status.test"))
                    try compareAllForms(sandbox, futureStamp: byte == 0xff)
                }
            }
        }

        /// Without the real tools: the clamping and wrap-around rules, literally.
        @Test func futureStampsLiterally() throws {
            try withLockedService { sandbox in
                try write(record(flags: 0x0c, pid: 77, wait: 0, readyOffset: 100, nanoseconds: 0), to: sandbox)
                let pending = try ClientTools.ours("s6-svstat", ["-o", "up,pid,readyfor", sandbox.directory])
                // now - (now + 100 s) modulo 2^64, one less if now's nanoseconds are smaller (never
                // here: the ready stamp's are 0).
                #expect(pending.stdout == "true 77 18446744073709551516\n" || pending.stdout == "true 77 18446744073709551517\n",
                        "\(pending)")
                try write(record(flags: 0x04, pid: 77, wait: 0, stampOffset: 100), to: sandbox)
                let clamped = try ClientTools.ours("s6-svstat", [sandbox.directory])
                #expect(clamped.stdout == "up (pid 77) 0 seconds, normally down\n", "\(clamped)")
            }
        }
    }
}
