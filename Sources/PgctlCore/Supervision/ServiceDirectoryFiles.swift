import ServiceDefinition
import SuperviseStatus
import SuperviseSystem

/// The files of a service directory that pgctl reads or writes (spec §1.5, §4.1, §4.2).
struct ServiceDirectoryFiles {
    /// The service.
    let service: Service

    /// `<svc>/run`.
    var run: String { service.path + "/run" }
    /// `<svc>/logs/current`.
    var logFile: String { service.path + "/logs/current" }

    /// Whether the supervisor reports readiness (sets the ready flag, sends `U`): the service
    /// has a `notification-fd`, or a readiness probe file the supervisor runs (`ready-tcp`,
    /// `ready-http`, `ready-log`). pgctl then waits for the ready flag instead of judging the
    /// start by itself.
    var hasNotificationFD: Bool {
        FileSystem.exists(service.path + "/notification-fd") || ReadinessProbeFile.exists(inServiceDirectory: service.path)
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

    /// Why `run` cannot be started, or nil when it is an executable regular file. The path
    /// is shown relative to `workingDirectory` when inside it.
    func runProblem(workingDirectory: String) -> String? {
        let shown = PathDisplay.relative(run, to: workingDirectory)
        guard let kind = try? FileSystem.kind(of: run, followLinks: true) else { return "its run script does not exist: \(shown)" }
        guard kind == .regular else { return "its run script is not a regular file: \(shown)" }
        guard FileSystem.isExecutable(run) else { return "its run script is not executable: \(shown)" }
        return notificationFDProblem(workingDirectory: workingDirectory)
    }

    /// Why a user-provided `notification-fd` (no `ready` check: pgctl writes it otherwise)
    /// is unusable: the supervisor would ignore it or fail to install it, and the service
    /// would never be reported ready.
    private func notificationFDProblem(workingDirectory: String) -> String? {
        let path = service.path + "/notification-fd"
        guard !FileSystem.exists(service.path + "/ready") else { return nil }
        switch NumberFile.read(at: path, name: "notification-fd", warn: { _ in }) {
        case .notSet: return nil
        case .value(let fd) where fd >= 3 && fd < 1024: return nil
        case .value, .invalid:
            return "its notification-fd is not a descriptor number from 3 to 1023: \(PathDisplay.relative(path, to: workingDirectory))"
        }
    }

    /// The descriptor number in `notification-fd`, read as the supervisor reads it
    /// (``NumberFile``); nil when the file is absent or not a number. pgctl keeps the service
    /// lock it hands down off this number.
    func notificationDescriptor() -> Int? {
        guard case .value(let fd) = NumberFile.read(at: service.path + "/notification-fd", name: "notification-fd", warn: { _ in }) else {
            return nil
        }
        return Int(exactly: fd)
    }

    /// Prepares the directory for its supervisor (under the service lock): removes a `down`
    /// file (pgctl does not support it) and writes `notification-fd` (`5`) when a `ready`
    /// check exists.
    func prepareForSupervisor() throws(PgctlError) {
        do {
            try FileSystem.unlink(service.path + "/down")
        } catch where error != .noSuchFile {
            throw PgctlError("cannot remove \(service.path)/down: \(error)")
        } catch {}
        if FileSystem.exists(service.path + "/ready") {
            let path = service.path + "/notification-fd"
            do {
                try SafeFile.replace(path, with: Array("5\n".utf8), temporaryPath: service.path + "/.notification-fd.pgctl-new", mode: 0o644)
            } catch {
                throw PgctlError("cannot write \(path): \(error)")
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
    func readyTimeout() throws(PgctlError) -> Double? { try seconds(in: "timeout-ready") }
    /// `timeout-stop`, when present.
    func stopTimeout() throws(PgctlError) -> Double? { try seconds(in: "timeout-stop") }

    /// The executable `start-msg`/`stop-msg` script, if any.
    func messageScript(_ name: String) -> String? {
        let path = service.path + "/" + name
        return FileSystem.exists(path) ? path : nil
    }

    /// A file holding a number of seconds; nil when absent, an error naming the file when
    /// its content is not a number of seconds within ``SecondsText``'s limits (the same
    /// parser and limits as pgctl-poll-ready's).
    private func seconds(in name: String) throws(PgctlError) -> Double? {
        let path = service.path + "/" + name
        guard let data = try? FileSystem.readFile(path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        do {
            return try SecondsText.parse(text)
        } catch {
            throw PgctlError("invalid \(name) in \(service.path): '\(SecondsText.trimmed(text))' \(error)")
        }
    }
}
