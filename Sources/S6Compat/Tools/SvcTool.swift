import SuperviseSystem

/// What an `s6-svc` command line asks for.
public struct SvcInvocation: Equatable, Sendable {
    /// The command bytes, in order (at most 62).
    public var commands: [UInt8] = []
    /// `-wX`: wait for this after sending (the last `-w` wins).
    public var wait: WaitRequest?
    /// `-T`: milliseconds for the wait, 0 (the default) for no deadline.
    public var timeout: UInt32 = 0
    /// The service directory (possibly empty: checked when running, after the warning about
    /// extra arguments, as the real tool does).
    public var directory = ""
    /// Arguments after the directory; the tool ignores them with a warning.
    public var hasExtraArguments = false

    /// The command letters `s6-svc` accepts.
    public static let commandLetters = "abqhkti12pcyroduDUxOQ"

    /// Parses `arguments` (without the program name) with `s6-svc` 2.11's rules: command
    /// letters accumulate (63 is "too many commands", reported at once); `-T` takes an unsigned
    /// 32-bit number; `-w` takes an argument whose first character is one of `uUdDrR`.
    public static func parse(_ arguments: [String]) throws(ToolFailure) -> SvcInvocation {
        var invocation = SvcInvocation()
        var parser = OptionParser(arguments: arguments, spec: commandLetters + "T:w:")
        while let option = try parser.nextOption() {
            switch option.letter {
            case "T":
                guard let milliseconds = parseUnsigned32(option.argument ?? "") else { throw .usage }
                invocation.timeout = milliseconds
            case "w":
                guard let first = option.argument?.first, let request = WaitRequest(rawValue: first) else { throw .usage }
                invocation.wait = request
            default:
                guard invocation.commands.count < ControlSender.maximumCommandCount else {
                    throw .fatal("too many commands", exitCode: S6ExitCode.usage)
                }
                invocation.commands.append(option.letter.asciiValue ?? 0)
            }
        }
        guard let directory = parser.operands.first else { throw .usage }
        invocation.directory = directory
        invocation.hasExtraArguments = parser.operands.count > 1
        return invocation
    }
}

/// `s6-svc [ -wX ] [ -T timeout ] [ -abqhkti12pcyroduDUxOQ ] servicedir`: sends commands to a
/// service's supervisor and, with `-w`, waits for the result.
///
/// The real tool execs `s6-svlisten1` (with commands) or `s6-svwait` (without) for `-w`; this
/// one waits in-process with the same semantics, subscribing before it sends the commands,
/// and prints those programs' messages (`s6-svlisten1: fatal: timed out`, exit 99).
public enum SvcTool {
    /// The tool's output conventions.
    public static let output = ToolOutput(
        program: "s6-svc",
        usage: "s6-svc [ -wu | -wU | -wd | -wD | -wr | -wR ] [ -T timeout ] [ -abqhkti12pcyroduDUxOQ ] servicedir")

    /// Runs the tool on `arguments` (without the program name) and returns the exit code.
    public static func run(arguments: [String]) -> Int32 {
        let invocation: SvcInvocation
        do {
            invocation = try SvcInvocation.parse(arguments)
        } catch {
            return output.report(error)
        }
        if invocation.hasExtraArguments { output.warn("ignoring extra arguments") }
        guard !invocation.directory.isEmpty else {
            return output.report(.fatal("invalid service path", exitCode: S6ExitCode.usage))
        }
        guard let requested = invocation.wait else {
            return send(invocation.commands, to: invocation.directory)
        }
        var request = requested
        // A readiness probe file counts like notification-fd (our extension; the real s6-svc
        // only knows notification-fd and waits for `u`/`r` instead, with this warning).
        if request.needsReadiness && !ServicePaths(invocation.directory).reportsReadiness {
            output.warn("\(invocation.directory)/notification-fd not present - ignoring request for readiness notification")
            request = request.withoutReadiness
        }
        let waiter = ServiceWaiter(directories: [invocation.directory], request: request,
                                   flavor: invocation.commands.isEmpty ? .svwait : .svlisten1)
        return ListenerRun(waiter: waiter, timeout: invocation.timeout).execute {
            if !invocation.commands.isEmpty {
                // As the real tool's inner `s6-svc`, whose failure is reported but not fatal to
                // the wait.
                _ = send(invocation.commands, to: invocation.directory)
            }
        }
    }

    /// Writes `commands` and returns 0, or reports the failure and returns its exit code.
    static func send(_ commands: [UInt8], to directory: String) -> Int32 {
        do {
            try ControlSender.send(bytes: commands, to: directory)
            return S6ExitCode.success
        } catch {
            return output.report(.fatal(error.s6Message, exitCode: error.exitCode))
        }
    }
}
