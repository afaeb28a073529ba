import Foundation
import Testing
import TestSupport

/// `pgctl-fuser [-d|--allow-deleted] file...` as a built executable (spec §5, §9.63): the pids
/// of processes holding a file open, with real descriptors held by this test and by children.
@Suite("pgctl-fuser", .serialized, .timeLimit(.minutes(1)))
struct PgctlFuserTests {
    private let temp: TemporaryDirectory

    init() throws { temp = try TemporaryDirectory(prefix: "pgctl-fuser") }

    /// What one run printed.
    struct Outcome: Equatable, CustomStringConvertible {
        var code: Int32
        var stdout: String
        var stderr: String
        init(_ code: Int32, _ stdout: String, _ stderr: String) {
            self.code = code
            self.stdout = stdout
            self.stderr = stderr
        }
        var description: String { "exit \(code), stdout \(stdout.debugDescription), stderr \(stderr.debugDescription)" }
    }

    /// Runs pgctl-fuser in the temp dir.
    private func fuser(_ arguments: [String]) throws -> Outcome {
        let process = try SpawnedProcess(
            Executables.ours("pgctl-fuser"), arguments, in: temp.path, environment: ["PATH": Readiness.systemPath],
            stdout: temp.child("fuser.out"), stderr: temp.child("fuser.err"))
        let code = try process.wait(timeout: 30)
        return Outcome(code, process.stdout, process.stderr)
    }

    /// Runs pgctl-fuser and expects exactly `expected`.
    private func check(_ arguments: [String], _ expected: Outcome, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try fuser(arguments)
        #expect(outcome == expected, "pgctl-fuser \(arguments): \(outcome)", sourceLocation: sourceLocation)
    }

    /// Creates (or truncates) `path` holding `contents`, with a close-on-exec descriptor:
    /// Foundation's `createFile` opens without it, and a child spawned meanwhile by a test
    /// running in parallel would keep the file open.
    private func makeFile(_ path: String, _ contents: String = "") throws {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TestFailure("create \(path): errno \(errno)") }
        let bytes = Array(contents.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
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
        try makeFile(file, "x")
        try check([file], Outcome(0, "", ""))
        let fd = try open(file)
        try check([file], Outcome(0, "\(getpid())\n", ""))
        // Relative paths name the same file.
        try check(["file"], Outcome(0, "\(getpid())\n", ""))
        close(fd)
        try check([file], Outcome(0, "", ""))
    }

    @Test("§9.63 every holder, ascending, once per file named")
    func severalHolders() throws {
        defer { temp.remove() }
        let file = temp.child("shared")
        let other = temp.child("other")
        try makeFile(file)
        try makeFile(other)
        // A child that holds the file as its stdin.
        let child = try SpawnedProcess("/bin/sh", ["-c", "exec sleep 1000 < shared"], in: temp.path,
                                       environment: ["PATH": Readiness.systemPath],
                                       stdout: "/dev/null", stderr: "/dev/null")
        defer { child.kill(SIGKILL) }
        try waitUntil("the child to hold the file") { Readiness.arguments(of: child.pid) == ["sleep", "1000"] }
        let fd = try open(file)
        defer { close(fd) }
        let holders = [getpid(), child.pid].sorted().map { "\($0)\n" }.joined()
        try check([file], Outcome(0, holders, ""))
        try check([file, other, file], Outcome(0, holders + holders, ""))
    }

    @Test("§9.63 -d finds a file that was deleted while open; without -d it is gone")
    func deletedFile() throws {
        defer { temp.remove() }
        let file = temp.child("doomed")
        try makeFile(file)
        let fd = try open(file)
        defer { close(fd) }
        try FileManager.default.removeItem(atPath: file)
        try check([file], Outcome(0, "", ""))
        try check(["-d", file], Outcome(0, "\(getpid())\n", ""))
        try check(["--allow-deleted", "doomed"], Outcome(0, "\(getpid())\n", ""))
        try check([file, "-d"], Outcome(0, "\(getpid())\n", ""))
        // A new file of the same name is another file; -d still reports the deleted one's holder.
        try makeFile(file)
        try check([file], Outcome(0, "", ""))
        try check(["-d", file], Outcome(0, "\(getpid())\n", ""))
    }

    @Test("§9.63 a file that does not exist: no output, exit 0")
    func noSuchFile() throws {
        defer { temp.remove() }
        try check(["nosuchfile"], Outcome(0, "", ""))
        try check(["-d", "/no/such/dir/file"], Outcome(0, "", ""))
    }

    @Test("§9.63 usage errors: usage on stderr, exit 2")
    func usageErrors() throws {
        defer { temp.remove() }
        let usage = "usage: pgctl-fuser [-h] [-d] file [file ...]\n"
        try check([], Outcome(2, "", usage + "pgctl-fuser: error: the following arguments are required: file\n"))
        try check(["-d"], Outcome(2, "", usage + "pgctl-fuser: error: the following arguments are required: file\n"))
        try check(["-x", "file"], Outcome(2, "", usage + "pgctl-fuser: error: unrecognized arguments: -x\n"))
        try check(["--bogus", "file"], Outcome(2, "", usage + "pgctl-fuser: error: unrecognized arguments: --bogus\n"))
        let help = try fuser(["--help"])
        #expect(help.code == 0 && help.stderr == "")
        #expect(help.stdout.hasPrefix(usage + "\n"))
        #expect(help.stdout.contains("-d, --allow-deleted"))
        // After `--`, everything is a file name.
        try check(["--", "-d"], Outcome(0, "", ""))
    }
}

/// Words that look like negative numbers, as argparse reads them (issue 11: pgctl-fuser took
/// `-1e5` for a file, argparse does not).
@Suite("pgctl-fuser: negative numbers", .timeLimit(.minutes(1)))
struct PgctlFuserNumberTests {
    @Test("-1 and -.5 are files (nobody holds them), -1e5 and -1. are unknown options")
    func negativeNumbers() throws {
        let temp = try TemporaryDirectory(prefix: "pgctl-fuser-numbers")
        defer { temp.remove() }
        let usage = "usage: pgctl-fuser [-h] [-d] file [file ...]\n"
        for file in ["-1", "-.5", "-2.5"] {
            let result = try Command.run(Executables.ours("pgctl-fuser"), [file], in: temp.path)
            #expect(result.exitCode == 0 && result.stdout == "" && result.stderr == "", "\(file): \(result)")
        }
        for word in ["-1e5", "-1."] {
            let result = try Command.run(Executables.ours("pgctl-fuser"), ["file", word], in: temp.path)
            #expect(result.exitCode == 2, "\(word): \(result)")
            #expect(result.stderr == usage + "pgctl-fuser: error: unrecognized arguments: \(word)\n")
        }
    }
}
