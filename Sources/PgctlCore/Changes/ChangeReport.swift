import SuperviseStatus

/// The `--json` answer of `start`, `restart` and `stop` (issue 13): one JSON document on
/// stdout at the end, built from the values the progress lines are made of (never by parsing
/// them):
///
///     {"failed": [{"exit_code": 3, "log": […], "reason": "it keeps exiting (exit code 3)",
///                  "service": "bad", "signal": null, "status": "down"}],
///      "not_started": [{"reason": "…", "service": "web2"}],
///      "started": ["db", "web"]}
///
/// (`stopped` instead of `started` for `stop`; keys sorted and indented as `status --json`.)
final class ChangeReport {
    /// One service that failed.
    struct Failure: Equatable {
        var service: String
        /// The reason, as the `failed to start after T seconds, <reason>` line words it.
        var reason: String
        /// The exit code of `run`'s last death during the change, if it exited.
        var exitCode: Int?
        /// `SIGKILL`, … when `run`'s last death during the change was a signal.
        var signal: String?
        /// The state `status` shows at the moment of the failure: `up`, `ready` or `down`.
        var status: String
        /// The last lines of its `logs/current` (invalid UTF-8 shown as U+FFFD).
        var log: [String]
    }

    /// `started` or `stopped`.
    let doneKey: String
    private(set) var done: [String] = []
    private(set) var failed: [Failure] = []
    private(set) var notStarted: [(service: String, reason: String)] = []

    /// A report whose list of services done is called `doneKey`.
    init(doneKey: String) { self.doneKey = doneKey }

    /// `service` reached its target state (or already was there).
    func recordDone(_ service: Service) {
        guard !isReported(service.name) else { return }
        done.append(service.name)
    }

    /// `service` failed with `reason`; its facts are read now (``failure(of:reason:since:)``).
    func recordFailed(_ service: Service, reason: String, since moment: TAI64N) {
        guard !isReported(service.name) else { return }
        failed.append(Self.failure(of: service, reason: reason, since: moment))
    }

    /// A failure already described (by another report).
    func recordFailure(_ failure: Failure) {
        guard !isReported(failure.service) else { return }
        failed.append(failure)
    }

    /// A `restart` whose stop phase (reported in `stopPhase`) failed with `error`: the
    /// services that failed to stop are failures of the restart; the others of `services`
    /// were not started (`the restart stopped because web failed to stop`).
    func recordFailedStop(_ stopPhase: ChangeReport, of services: [Service], error: PgctlError) {
        stopPhase.failed.forEach(recordFailure)
        let names = stopPhase.failed.map(\.service).joined(separator: ", ")
        for service in services {
            recordNotStarted(service, reason: names.isEmpty ? error.message : "the restart stopped because \(names) failed to stop")
        }
    }

    /// The entry point for the dependencies feature: `service` was not attempted because of
    /// another's failure (`its dependency 'bad' failed to start`). Listed in `not_started`.
    func recordNotStarted(_ service: Service, reason: String) {
        guard !isReported(service.name) else { return }
        notStarted.append((service.name, reason))
    }

    /// After an error that was not one service's failure (a busy lock, a failing hook): every
    /// one of `services` not reported yet failed with the error's message.
    func recordUnreported(_ services: [Service], error: PgctlError, since moment: TAI64N) {
        for service in services where !isReported(service.name) {
            failed.append(Self.failure(of: service, reason: error.message, since: moment))
        }
    }

    /// Whether anything failed (the command then exits 1).
    var hasFailures: Bool { !failed.isEmpty }

    private func isReported(_ name: String) -> Bool {
        done.contains(name) || failed.contains { $0.service == name } || notStarted.contains { $0.service == name }
    }

    /// The document, with a trailing newline.
    var json: String {
        let failures: [ConfigValue] = failed.map { failure in
            .mapping([
                "service": .string(failure.service),
                "reason": .string(failure.reason),
                "exit_code": failure.exitCode.map { .int($0) } ?? .null,
                "signal": failure.signal.map { .string($0) } ?? .null,
                "status": .string(failure.status),
                "log": .list(failure.log.map { .string($0) }),
            ])
        }
        let document: [String: ConfigValue] = [
            doneKey: .list(done.map { .string($0) }),
            "failed": .list(failures),
            "not_started": .list(notStarted.map { .mapping(["service": .string($0.service), "reason": .string($0.reason)]) }),
        ]
        return PythonJSONEncoder.encode(document) + "\n"
    }

    /// The facts of a failed service: its status now, how `run` last died since `moment`
    /// (the change's start), and the last ``LogTail/lineCount`` lines of its log.
    static func failure(of service: Service, reason: String, since moment: TAI64N) -> Failure {
        let status = ServiceStateReader.status(of: service)
        let lastDeath = SupervisorChannel(servicePath: service.path).deaths(since: moment).last
        let logBytes = LogTail.lastLines(ofFileAt: ServiceDirectoryFiles(service: service).logFile, count: LogTail.lineCount)
        var lines = logBytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return Failure(
            service: service.name, reason: reason,
            exitCode: lastDeath.flatMap { $0.signal == 0 ? Int($0.exitCode) : nil },
            signal: lastDeath.flatMap { $0.signal == 0 ? nil : CrashHistory.signalName(Int32($0.signal)) },
            status: status.state.rawValue,
            log: lines.map { String(decoding: $0, as: UTF8.self) })
    }
}
