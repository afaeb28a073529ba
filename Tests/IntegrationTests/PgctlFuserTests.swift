import Foundation
import Testing
import TestSupport

/// `pgctl-fuser [-d|--allow-deleted] file...` as a built executable (spec §5, §9.63): the pids
/// of processes holding a file open, with real descriptors held by this test and by children.
@Suite("pgctl-fuser", .serialized, .timeLimit(.minutes(1)))
struct PgctlFuserTests {
    private let temp: TemporaryDirectory

    init() throws { temp = try TemporaryDirectory(prefix: "pgctl-fuser") }

    /// Runs pgctl-fuser in the temp dir; returns exit code, stdout, stderr.
    private func fuser(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        let process = try SpawnedProcess(
            Executables.ours("pgctl-fuser"), arguments, in: temp.path, environment: ["PATH": Readiness.systemPath],
            stdout: temp.child("fuser.out"), stderr: temp.child("fuser.err"))
        let code = try process.wait(timeout: 30)
        return (code, process.stdout, process.stderr)
    }

    /// Opens `path` read-only, close-on-exec (so no child inherits it by accident).
    private func open(_ path: String) throws -> Int32 {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TestFailure("open \(path): errno \(errno)") }
        return fd
    }

    @Test("§9.63 nothing while nobody has the file open, the caller while it holds it, nothing after close")
    func openAndClose() throws {
        defer { temp.remove() }
        let file = temp.child("file")
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        #expect(try fuser([file]) == (0, "", ""))
        let fd = try open(file)
        #expect(try fuser([file]) == (0, "\(getpid())\n", ""))
        // Relative paths name the same file.
        #expect(try fuser(["file"]) == (0, "\(getpid())\n", ""))
        close(fd)
        #expect(try fuser([file]) == (0, "", ""))
    }

    @Test("§9.63 every holder, ascending, once per file named")
    func severalHolders() throws {
        defer { temp.remove() }
        let file = temp.child("shared")
        let other = temp.child("other")
        FileManager.default.createFile(atPath: file, contents: nil)
        FileManager.default.createFile(atPath: other, contents: nil)
        // A child that holds the file as its stdin.
        let child = try SpawnedProcess("/bin/sh", ["-c", "exec sleep 1000 < shared"], in: temp.path,
                                       environment: ["PATH": Readiness.systemPath],
                                       stdout: "/dev/null", stderr: "/dev/null")
        defer { child.kill(SIGKILL) }
        try waitUntil("the child to hold the file") { Readiness.arguments(of: child.pid) == ["sleep", "1000"] }
        let fd = try open(file)
        defer { close(fd) }
        let holders = [getpid(), child.pid].sorted().map { "\($0)\n" }.joined()
        #expect(try fuser([file]) == (0, holders, ""))
        #expect(try fuser([file, other, file]) == (0, holders + holders, ""))
    }

    @Test("§9.63 -d finds a file that was deleted while open; without -d it is gone")
    func deletedFile() throws {
        defer { temp.remove() }
        let file = temp.child("doomed")
        FileManager.default.createFile(atPath: file, contents: nil)
        let fd = try open(file)
        defer { close(fd) }
        try FileManager.default.removeItem(atPath: file)
        #expect(try fuser([file]) == (0, "", ""))
        #expect(try fuser(["-d", file]) == (0, "\(getpid())\n", ""))
        #expect(try fuser(["--allow-deleted", "doomed"]) == (0, "\(getpid())\n", ""))
        #expect(try fuser([file, "-d"]) == (0, "\(getpid())\n", ""))
        // A new file of the same name is another file; -d still reports the deleted one's holder.
        FileManager.default.createFile(atPath: file, contents: nil)
        #expect(try fuser([file]) == (0, "", ""))
        #expect(try fuser(["-d", file]) == (0, "\(getpid())\n", ""))
    }

    @Test("§9.63 a file that does not exist: no output, exit 0")
    func noSuchFile() throws {
        defer { temp.remove() }
        #expect(try fuser(["nosuchfile"]) == (0, "", ""))
        #expect(try fuser(["-d", "/no/such/dir/file"]) == (0, "", ""))
    }

    @Test("§9.63 usage errors: usage on stderr, exit 2")
    func usageErrors() throws {
        defer { temp.remove() }
        let usage = "usage: pgctl-fuser [-h] [-d] file [file ...]\n"
        #expect(try fuser([]) == (2, "", usage + "pgctl-fuser: error: the following arguments are required: file\n"))
        #expect(try fuser(["-d"]) == (2, "", usage + "pgctl-fuser: error: the following arguments are required: file\n"))
        #expect(try fuser(["-x", "file"]) == (2, "", usage + "pgctl-fuser: error: unrecognized arguments: -x\n"))
        #expect(try fuser(["--bogus", "file"]) == (2, "", usage + "pgctl-fuser: error: unrecognized arguments: --bogus\n"))
        let help = try fuser(["--help"])
        #expect(help.code == 0 && help.stderr == "")
        #expect(help.stdout.hasPrefix(usage + "\n"))
        #expect(help.stdout.contains("-d, --allow-deleted"))
        // After `--`, everything is a file name.
        #expect(try fuser(["--", "-d"]) == (0, "", ""))
    }
}
