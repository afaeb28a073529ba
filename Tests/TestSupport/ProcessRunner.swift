import Foundation

/// The result of running a command to completion.
public struct CommandResult: CustomStringConvertible {
    public var exitCode: Int32
    public var stdout: String
    public var stderr: String
    public var description: String { "exit \(exitCode)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// Runs commands as real processes.
public enum Command {
    /// Runs `path args…` to completion, capturing stdout and stderr. `environment` entries are
    /// added to (or override) the test process's environment. Kills it after `timeout` seconds.
    @discardableResult
    public static func run(_ path: String, _ args: [String] = [], in directory: String? = nil,
                           environment: [String: String] = [:], timeout: Double = 30) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty child never blocks.
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestFailure("\(path) \(args) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return CommandResult(exitCode: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A supervisor (ours or the real s6-supervise) running in the background on a service dir.
/// Always `stop()` it (in a `defer`): that kills the supervisor and everything it started.
public final class BackgroundSupervisor {
    /// The supervisor's pid.
    public let pid: Int32
    /// The service directory it supervises.
    public let serviceDirectory: String
    private let process: Process
    private let stderrFile: String

    /// Starts `executable serviceDirectory` with stdin from /dev/null and stderr captured in a
    /// file, with default signal dispositions. Waits until `supervise/status` exists (or the
    /// process died).
    public init(executable: String = Executables.ours("s6-supervise"), serviceDirectory: String,
                environment: [String: String] = [:], waitForStatus: Bool = true) throws {
        self.serviceDirectory = serviceDirectory
        stderrFile = serviceDirectory + ".supervisor-stderr"
        FileManager.default.createFile(atPath: stderrFile, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [serviceDirectory]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: stderrFile)
        process.standardError = FileHandle(forWritingAtPath: stderrFile)
        try process.run()
        self.process = process
        pid = process.processIdentifier
        if waitForStatus {
            try waitUntil("\(serviceDirectory)/supervise/status to appear") {
                FileManager.default.fileExists(atPath: serviceDirectory + "/supervise/status") || !process.isRunning
            }
        }
    }

    /// What the supervisor (and its children) wrote to stdout/stderr so far.
    public var output: String {
        (try? String(contentsOfFile: stderrFile, encoding: .utf8)) ?? ""
    }

    /// Whether the supervisor process is still running.
    public var isRunning: Bool { process.isRunning }

    /// Waits for the supervisor to exit and returns its exit status.
    public func waitForExit(timeout: Double = 10) throws -> Int32 {
        try waitUntil("supervisor \(pid) to exit", timeout: timeout) { !process.isRunning }
        return process.terminationStatus
    }

    /// Kills the service (the process recorded in the status file, and its process group) and
    /// the supervisor, then reaps it. Safe to call twice.
    public func stop() {
        if let record = try? StatusFileReader.read(serviceDirectory), record.pid != 0 {
            let pid = Int32(truncatingIfNeeded: record.pid)
            let group = getpgid(pid)
            if group > 1 && group != getpgrp() { kill(-group, SIGKILL) }
            kill(pid, SIGKILL)
        }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: stderrFile)
    }
}
