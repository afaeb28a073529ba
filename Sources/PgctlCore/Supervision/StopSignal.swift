import ServiceDefinition
import SuperviseStatus

/// The signal that asks a service to stop: its `down-signal` file (a signal name, with or
/// without `SIG`, in any case, or a number), SIGTERM when there is none or it is invalid —
/// read by the supervisor's own parser, so pgctl sends exactly what the supervisor would.
struct StopSignal: Equatable {
    /// The signal number.
    var number: Int32

    /// The stop signal of `service`, read now.
    static func of(_ service: Service) -> StopSignal {
        StopSignal(number: DownSignalFile.read(at: ServiceFileName.downSignal.path(in: service.path), warn: { _ in }))
    }

    /// `SIGTERM`, `SIGINT`, … or `signal 42` for a number without a name.
    var name: String {
        let bare = SignalNames.name(of: number)
        return bare == "???" ? "signal \(number)" : "SIG" + bare
    }
}

/// What pgctl tells users about a stop that took too long (issue 16 point 6): which signal the
/// service was sent, and the two files that change a stop — instead of calling the processes
/// "buggy" (pgctl 5.2.1's words): most servers that do not stop in time were simply sent a
/// signal that asks for a gentle shutdown (postgres's SIGTERM waits for every client).
struct StopAdvice: Equatable {
    /// The signal the service was sent.
    var signal: StopSignal
    /// The time it had, in seconds.
    var timeout: Double
    /// The service directory, as shown to the user.
    var directory: String

    /// For `service`, with its time limit, the directory shown relative to `workingDirectory`.
    init(service: Service, timeout: Double, workingDirectory: String) {
        self.init(signal: .of(service), timeout: timeout,
                  directory: PathDisplay.relative(service.path, to: workingDirectory))
    }

    init(signal: StopSignal, timeout: Double, directory: String) {
        self.signal = signal
        self.timeout = timeout
        self.directory = directory
    }

    /// The explanation lines (each ending with a newline): when the processes were sent the
    /// signal, what was done then (`outcome`), and how to change the signal or the time.
    func lines(outcome: String) -> String {
        "They were still running \(Self.seconds(timeout)) seconds after the service was sent \(signal.name) (its stop signal)\(outcome).\n"
            + "A server that stops on another signal needs it in \(directory)/down-signal (postgres: SIGINT, nginx: SIGQUIT);\n"
            + "one that needs more time needs the seconds in \(directory)/timeout-stop.\n"
    }

    /// `2.00`: seconds with two decimals, as in pgctl's `failed to stop after 2.00 seconds`.
    static func seconds(_ value: Double) -> String {
        DecimalText.fixed(value, digits: 2)
    }
}
