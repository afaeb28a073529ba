import Foundation
import SuperviseSystem
import Testing
import TestSupport

/// pgctl-poll-ready's output when the supervisor's logging pipe goes away (the supervisor exits
/// when its service stops): the restart relay and the monitor's last message fall back to
/// appending timestamped lines to `logs/current` themselves. Driven with real processes and
/// pipes whose reader the test closes.
@Suite("readiness: log fallback when the supervisor's pipe is gone", .serialized, .timeLimit(.minutes(1)))
struct ReadinessLogFallbackTests {
    /// Spawns `pgctl-poll-ready arguments` in `directory` with the descriptors `mapping`
    /// (child number → our descriptor) and nothing else inherited.
    private func spawnPollReady(_ arguments: [String], in directory: String, mapping: [Int32: Int32]) throws -> SpawnedChild {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Move every source out of the way first, so no mapping overwrites another's source.
        for (index, source) in mapping.values.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, source, Int32(100 + index))
        }
        for (index, target) in mapping.keys.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, Int32(100 + index), target)
        }
        for index in 0..<mapping.count { posix_spawn_file_actions_addclose(&actions, Int32(100 + index)) }
        let argv = ["env", "-C", directory, "--", Executables.ours("pgctl-poll-ready")] + arguments
        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { cArgv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/usr/bin/env", &actions, nil, cArgv, environ)
        guard result == 0 else { throw TestFailure("posix_spawn: error \(result)") }
        return SpawnedChild(pid: pid)
    }

    /// A close-on-exec pipe (`pipe2` through SuperviseSystem).
    private func makePipe() throws -> (read: Int32, write: Int32) {
        let pipe = try FileDescriptor.pipe()
        return (pipe.read.rawValue, pipe.write.rawValue)
    }

    private func write(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    private func unread(_ fd: Int32) -> Int32 {
        var count: Int32 = 0
        _ = ioctl(fd, UInt(FIONREAD), &count)
        return count
    }

    @Test("the restart relay forwards to its stderr, then appends stamped lines to the log once that pipe breaks")
    func relayFallsBackToTheLogFile() throws {
        let temp = try TemporaryDirectory(prefix: "readiness-relay")
        defer { temp.remove() }
        let logFile = temp.child("current")
        let input = try makePipe()
        let errors = try makePipe()
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        defer { close(null) }
        let relay = try spawnPollReady(["--pgctl-log-relay", logFile], in: temp.path,
                                       mapping: [0: input.read, 1: null, 2: errors.write])
        defer { relay.kill() }
        close(input.read)
        // Our own write end, kept only to see when the pipe has no reader left.
        let probe = fcntl(errors.write, F_DUPFD_CLOEXEC, 3)
        defer { close(probe) }
        close(errors.write)

        write("one\n", to: input.write)
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(errors.read, &buffer, buffer.count)
        #expect(count > 0 && String(decoding: buffer[..<count], as: UTF8.self) == "one\n")

        close(errors.read) // the old supervisor exits
        // A child being spawned by a concurrent test may hold a copy of the read end until its
        // exec: wait until no reader is left at all.
        try waitUntil("the stderr pipe to have no reader") {
            var entry = pollfd(fd: probe, events: 0, revents: 0)
            return poll(&entry, 1, 0) == 1 && entry.revents & Int16(POLLERR) != 0
        }
        write("two\nthree", to: input.write)
        close(input.write) // pgctl ends
        #expect(try relay.wait(timeout: 10) == 0)
        let text = try String(contentsOfFile: logFile, encoding: .utf8)
        #expect(Readiness.everyLineStamped(text), "\(text)")
        #expect(Readiness.logLines(text) == ["two", "three"], "\(text)")
        #expect(text.hasSuffix("three\n"))
    }

    @Test("the monitor's goodbye reaches the log even when the supervisor exits without reading it")
    func goodbyeIsNotLost() throws {
        let temp = try TemporaryDirectory(prefix: "readiness-goodbye")
        defer { temp.remove() }
        let service = temp.path
        try FileManager.default.createDirectory(atPath: service + "/logs", withIntermediateDirectories: false)
        try ServiceDirectoryBuilder.write(service + "/ready", "#!/bin/sh\nexit 0\n", executable: true)
        try ServiceDirectoryBuilder.write(service + "/poll-down", "60\n")
        // The listener FIFO the supervisor would write its event bytes to.
        let fifo = service + "/listener"
        guard mkfifo(fifo, 0o600) == 0 else { throw TestFailure("mkfifo: errno \(errno)") }
        let listener = open(fifo, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        let events = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
        let notification = try makePipe()
        let errors = try makePipe()
        defer { close(listener); close(events); close(notification.read) }
        let monitor = try spawnPollReady(["--pgctl-monitor", "3", fifo, "4"], in: service,
                                         mapping: [2: errors.write, 3: listener, 4: notification.write])
        defer { monitor.kill() }
        close(notification.write)
        close(errors.write)

        // It reports readiness, then sits in its 60 s heartbeat wait.
        var ready = [UInt8](repeating: 0, count: 16)
        var got = 0
        try waitUntil("the readiness notification") {
            let n = read(notification.read, &ready, ready.count)
            if n > 0 { got += n }
            return got > 0
        }
        #expect(String(decoding: ready[..<got], as: UTF8.self) == "ready\n")
        // The supervisor announces the service down and exits without reading any more.
        write("dDx", to: events)
        let expected = "pgctl-poll-ready: service's ready check succeeded\n" + "pgctl-poll-ready: service is stopping -- quitting the poll\n"
        try waitUntil("both lines unread in the pipe") { unread(errors.read) == expected.utf8.count }
        #expect(monitor.isRunning, "it waits for its last line to be read")
        close(errors.read)
        #expect(try monitor.wait(timeout: 10) == 0)
        let text = try String(contentsOfFile: service + "/logs/current", encoding: .utf8)
        #expect(Readiness.logLines(text) == ["pgctl-poll-ready: service is stopping -- quitting the poll"])
        #expect(Readiness.everyLineStamped(text))
        #expect(!FileManager.default.fileExists(atPath: fifo), "the monitor removes its listener")
    }
}

/// A child reaped with `waitpid` on its pid.
struct SpawnedChild {
    let pid: pid_t

    /// Alive and not a zombie.
    var isRunning: Bool { processIsAlive(pid) }

    /// Waits for the exit; returns the exit code (128 + signal if killed).
    func wait(timeout: Double) throws -> Int32 {
        var status: Int32 = 0
        try waitUntil("pid \(pid) to exit", timeout: timeout) { waitpid(pid, &status, WNOHANG) == pid }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// SIGKILLs and reaps it if it still runs.
    func kill() {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            Glibc.kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }
}
