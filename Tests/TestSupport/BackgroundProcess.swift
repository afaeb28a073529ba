import Foundation
import SuperviseSystem

/// A child started with ``ChildSpawn`` that runs in the background and is reaped by pid
/// (Foundation's `Process` relies on a SIGCHLD handler that was seen missing exits when
/// parallel suites spawn many children). The API mirrors the parts of `Process` tests use.
public final class BackgroundProcess {
    /// The child's pid.
    public let processIdentifier: pid_t
    private var status: Int32?

    /// Spawns `argv` in `directory` with exactly `environment`; stdin is /dev/null, stdout and
    /// stderr go to `output` (one open file, one shared offset), or to /dev/null.
    public init(_ argv: [String], in directory: String, environment: [String: String], output: String?) throws {
        if let output { _ = FileManager.default.createFile(atPath: output, contents: nil) }
        // `env -C` changes directory and execs in place: the pid is the program's.
        let command = ["/usr/bin/env", "-C", directory] + argv
        processIdentifier = try ChildSpawn.spawn(command, environment: environment.map { "\($0.key)=\($0.value)" }) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_APPEND, 0)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
    }

    /// Takes charge of reaping an already spawned child.
    public init(adopting pid: pid_t) {
        processIdentifier = pid
    }

    /// Whether the child has not exited yet (reaps it if it has).
    public var isRunning: Bool {
        if status != nil { return false }
        var raw: Int32 = 0
        let result = waitpid(processIdentifier, &raw, WNOHANG)
        if result == processIdentifier { status = raw }
        return status == nil
    }

    /// Waits for the child to exit.
    public func waitUntilExit() {
        if status == nil { status = ChildSpawn.wait(for: processIdentifier) }
    }

    /// The exit code, or the signal number when killed (as `Process.terminationStatus`).
    public var terminationStatus: Int32 {
        waitUntilExit()
        let raw = status ?? 0
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : signal
    }
}

/// A background child whose stdin, stdout and stderr are pipes of the test, for conversations
/// with interactive programs. Pipes are created close-on-exec, so no other child inherits them.
public final class InteractiveProcess {
    /// The child.
    public let process: BackgroundProcess
    private let input: Int32
    private let output: Int32
    private let errors: Int32

    /// Spawns `argv` in `directory` with exactly `environment`.
    public init(_ argv: [String], in directory: String, environment: [String: String]) throws {
        let pipes = try [FileDescriptor.pipe(), FileDescriptor.pipe(), FileDescriptor.pipe()]
        let stdinPipe = [pipes[0].read.rawValue, pipes[0].write.rawValue]
        let stdoutPipe = [pipes[1].read.rawValue, pipes[1].write.rawValue]
        let stderrPipe = [pipes[2].read.rawValue, pipes[2].write.rawValue]
        let command = ["/usr/bin/env", "-C", directory] + argv
        let pid: pid_t
        do {
            pid = try ChildSpawn.spawn(command, environment: environment.map { "\($0.key)=\($0.value)" }) { actions in
                posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
                posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
                posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
            }
        } catch {
            for fd in stdinPipe + stdoutPipe + stderrPipe { close(fd) }
            throw error
        }
        close(stdinPipe[0]); close(stdoutPipe[1]); close(stderrPipe[1])
        input = stdinPipe[1]
        output = stdoutPipe[0]
        errors = stderrPipe[0]
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
        process = BackgroundProcess(adopting: pid)
    }

    deinit {
        close(input); close(output); close(errors)
    }

    /// Writes `text` to the child's stdin.
    public func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }

    /// What the child wrote to stdout since the last call (never blocks).
    public func availableOutput() -> String { Self.readUntilBlockedOrEnd(output) }

    /// Everything the child writes to stderr until it closes it (call after it exited).
    public func remainingErrors() -> String { Self.readUntilBlockedOrEnd(errors) }

    /// Reads `fd` until end of file, or until it would block (non-blocking descriptors).
    private static func readUntilBlockedOrEnd(_ fd: Int32) -> String {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { data += buffer[0..<n] } else if n < 0 && errno == EINTR { continue } else { break }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
