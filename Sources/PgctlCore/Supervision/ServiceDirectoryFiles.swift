import ServiceDefinition
import SuperviseStatus
import SuperviseSystem

/// The files of a service directory that pgctl reads or writes (spec §1.5, §4.1, §4.2).
struct ServiceDirectoryFiles {
    /// The service.
    let service: Service

    /// `<svc>/run`.
    var run: String { path(of: .run) }
    /// `<svc>/logs/current`.
    var logFile: String { service.path + "/logs/current" }

    /// The path of `file` in the service directory.
    func path(of file: ServiceFileName) -> String { file.path(in: service.path) }

    /// Whether the supervisor reports readiness (sets the ready flag, sends `U`): the service
    /// has a `notification-fd`, or a readiness probe file the supervisor runs (`ready-tcp`,
    /// `ready-http`, `ready-log`). pgctl then waits for the ready flag instead of judging the
    /// start by itself. Looked at now (a `notification-fd` counts whatever it holds).
    var hasNotificationFD: Bool {
        ReadinessProbe.isReported { ServiceFileBytes.exists(service.path + "/" + $0) }
    }

    /// Checks the service's readiness probe file, if any, before anything starts: a malformed
    /// file, or one next to `notification-fd` or `ready`, is an error naming the file(s).
    func checkReadinessProbe() throws(PgctlError) {
        do {
            _ = try ReadinessProbeFile.read(serviceDirectory: service.path)
        } catch {
            throw PgctlError("service '\(service.name)': \(error)")
        }
    }

    /// What the supervisor's readiness probe last came to, from `supervise/readiness-probe`
    /// (our supervisor's extension): `ready-tcp 127.0.0.1:8123 was refused`; nil without one.
    func readinessProbeReport() -> String? {
        guard let bytes = try? FileSystem.readSmallFile(service.path + "/supervise/readiness-probe", limit: 8192) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.count >= 2 else { return nil }
        return "\(lines[0]) \(lines[1])"
    }

    /// Why `run` cannot be started, or nil when it is an executable regular file (and a
    /// user-provided `notification-fd` is usable). The path is shown relative to
    /// `workingDirectory` when inside it. Reads the service directory now.
    func runProblem(workingDirectory: String) -> String? {
        Self.runProblem(of: ServiceDirectoryDefinition(directory: service.path), workingDirectory: workingDirectory)
    }

    /// Why the service defined by `definition` cannot be started, in pgctl's words.
    static func runProblem(of definition: ServiceDirectoryDefinition, workingDirectory: String) -> String? {
        if let problem = definition.runProblem {
            let shown = PathDisplay.relative(problem.path, to: workingDirectory)
            switch problem.problem {
            case .notRegularFile: return "its run script is not a regular file: \(shown)"
            case .notExecutable: return "its run script is not executable: \(shown)"
            default: return "its run script does not exist: \(shown)"
            }
        }
        return notificationFDProblem(of: definition, workingDirectory: workingDirectory)
    }

    /// Why a user-provided `notification-fd` (no `ready` check: pgctl writes it otherwise)
    /// is unusable: the supervisor would ignore it or fail to install it, and the service
    /// would never be reported ready.
    private static func notificationFDProblem(of definition: ServiceDirectoryDefinition, workingDirectory: String) -> String? {
        guard !definition.ready.isPresent else { return nil }
        switch definition.notificationFD {
        case .absent: return nil
        case .value(let fd) where fd >= 3 && fd < 1024: return nil
        case .value, .invalid:
            let shown = PathDisplay.relative(definition.path(of: .notificationFD), to: workingDirectory)
            return "its notification-fd is not a descriptor number from 3 to 1023: \(shown)"
        }
    }

    /// The descriptor number in `notification-fd`, read as the supervisor reads it
    /// (``NumberFile``); nil when the file is absent or not a number. pgctl keeps the service
    /// lock it hands down off this number.
    func notificationDescriptor() -> Int? {
        guard let fd = try? NumberFile.read(at: path(of: .notificationFD)) else { return nil }
        return Int(exactly: fd)
    }

    /// Prepares the directory for its supervisor (under the service lock): removes a `down`
    /// file (pgctl does not support it) and writes `notification-fd` (`5`) when a `ready`
    /// check exists.
    func prepareForSupervisor() throws(PgctlError) {
        do {
            try FileSystem.unlink(path(of: .down))
        } catch where error != .noSuchFile {
            throw PgctlError("cannot remove \(path(of: .down)): \(error)")
        } catch {}
        if ScriptFile.check(at: path(of: .ready)).isPresent {
            let target = path(of: .notificationFD)
            do {
                try SafeFile.replace(target, with: Array("5\n".utf8), temporaryPath: service.path + "/.notification-fd.pgctl-new", mode: 0o644)
            } catch {
                throw PgctlError("cannot write \(target): \(error)")
            }
        }
    }

    /// Creates `logs/` and an empty `logs/current` when missing.
    func ensureLogFile() throws(PgctlError) {
        do {
            try FileSystem.makeDirectory(service.path + "/logs", mode: 0o777)
        } catch where error != .exists {
            throw PgctlError("cannot create \(service.path)/logs: \(error)")
        } catch {}
        do {
            try FileDescriptor.open(logFile, [.writeOnly, .create, .append, .closeOnExec], mode: 0o666).close()
        } catch {
            throw PgctlError("cannot create \(logFile): \(error)")
        }
    }

    /// `timeout-ready`, when present.
    func readyTimeout() throws(PgctlError) -> Double? { try seconds(in: .timeoutReady) }
    /// `timeout-stop`, when present.
    func stopTimeout() throws(PgctlError) -> Double? { try seconds(in: .timeoutStop) }

    /// The `start-msg`/`stop-msg` script, if there is one.
    func messageScript(_ file: ServiceFileName) -> String? {
        let path = path(of: file)
        return ScriptFile.check(at: path).isPresent ? path : nil
    }

    /// A file holding a number of seconds (``SecondsFile``: the same parser and limits as
    /// pgctl-poll-ready's and the configuration's); nil when absent, an error naming the file
    /// when it cannot be read or is not a number of seconds within the limits.
    private func seconds(in file: ServiceFileName) throws(PgctlError) -> Double? {
        do {
            return try SecondsFile.read(at: path(of: file))
        } catch {
            throw Self.message(for: error, in: service.path)
        }
    }

    /// pgctl's message for a bad service file: `invalid timeout-ready in <svc>: 'soon' is not
    /// a number of seconds`, `cannot read <path>: Permission denied`.
    static func message(for error: ServiceDefinitionError, in servicePath: String) -> PgctlError {
        switch error.problem {
        case .unreadable(let errno): return PgctlError("cannot read \(error.path): \(errno)")
        case .badSeconds(let text, let problem): return PgctlError("invalid \(error.fileName) in \(servicePath): '\(text)' \(problem)")
        default: return PgctlError("invalid \(error.fileName) in \(servicePath): it \(error.reason)")
        }
    }
}
