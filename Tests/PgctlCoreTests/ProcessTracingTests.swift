import Foundation
@testable import PgctlCore
import Testing
import TestSupport

/// Environment tracing (spec §2.9, §9.65) with real processes: `sleep`s started with crafted
/// environments, including entries without `=` and bytes that are not UTF-8.
@Suite("process tracing by environment", .serialized, .timeLimit(.minutes(1)))
struct ProcessTracingTests {
    /// Starts `sleep 1000` with exactly the raw environment entries `entries`.
    private func sleeper(_ entries: [[UInt8]]) throws -> pid_t {
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("1000"), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = entries.map { bytes in
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (index, byte) in bytes.enumerated() { pointer[index] = CChar(bitPattern: byte) }
            pointer[bytes.count] = 0
            return pointer
        } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { $0?.deallocate() }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sleep", nil, nil, argv, envp)
        guard result == 0 else { throw TestFailure("posix_spawn sleep: error \(result)") }
        return pid
    }

    private func stop(_ pids: [pid_t]) {
        for pid in pids {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    @Test("§9.65 exactly the processes whose environment holds every pair; garbage entries are ignored")
    func findsExactly() throws {
        let key = "PGCTL_TRACE_TEST_" + UUID().uuidString.replacingOccurrences(of: "-", with: "_")
        let both = try sleeper([Array("\(key)=svc".utf8), Array("\(key)_PROCESS=true".utf8), Array("NOEQUALSIGN".utf8), [0xFF, 0xFE, 0x3D, 0x41]])
        let onlyService = try sleeper([Array("\(key)=svc".utf8), Array("\(key)_PROCESS=false".utf8)])
        let otherService = try sleeper([Array("\(key)=other".utf8), Array("\(key)_PROCESS=true".utf8)])
        let withEquals = try sleeper([Array("\(key)=a=b".utf8), Array("NOEQUALSIGN".utf8)])
        defer { stop([both, onlyService, otherService, withEquals]) }
        try waitUntil("the sleepers to exec") {
            [both, onlyService, otherService, withEquals].allSatisfy {
                (try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) == "sleep\u{0}1000\u{0}"
            }
        }
        #expect(EnvironmentTrace.processes(matching: [key: "svc", key + "_PROCESS": "true"]) == [both])
        #expect(EnvironmentTrace.processes(matching: [key: "svc"]) == [both, onlyService].sorted())
        #expect(EnvironmentTrace.processes(matching: [key + "_PROCESS": "true"]) == [both, otherService].sorted())
        // The value is everything after the first `=`.
        #expect(EnvironmentTrace.processes(matching: [key: "a=b"]) == [withEquals])
        #expect(EnvironmentTrace.processes(matching: [key: "a"]) == [])
        // An entry without `=` is no variable (neither with an empty value nor at all).
        #expect(EnvironmentTrace.processes(matching: [key: "svc", "NOEQUALSIGN": ""]) == [])
        #expect(EnvironmentTrace.processes(matching: [key: "nobody"]) == [])
    }

    @Test("the kernel's name of a path: directory links resolved, relative paths made absolute")
    func absolutePath() throws {
        let temp = try TemporaryDirectory(prefix: "fuser-path")
        defer { temp.remove() }
        try FileManager.default.createDirectory(atPath: temp.child("real"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: temp.child("link"), withDestinationPath: temp.child("real"))
        #expect(OpenFileUsers.absolutePath(temp.child("link") + "/file") == temp.child("real") + "/file")
        #expect(OpenFileUsers.absolutePath(temp.child("real") + "/./sub/../file") == temp.child("real") + "/file")
        #expect(OpenFileUsers.absolutePath("/no/such/dir/file") == "/no/such/dir/file")
        #expect(OpenFileUsers.absolutePath("/file") == "/file")
    }
}
