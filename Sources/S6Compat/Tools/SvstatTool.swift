/// What an `s6-svstat` command line asks for.
public struct SvstatInvocation: Equatable, Sendable {
    /// The `-o` fields and shortcuts, in order; empty for the human-readable line.
    public var fields = StatusFieldList()
    /// `-n`: signals as numbers in the human-readable line.
    public var numericSignals = false
    /// The service directory.
    public var directory = ""

    /// Parses `arguments` (without the program name) with `s6-svstat` 2.11's rules: options
    /// `-uwNrpest` add a field each, `-o` adds a comma-separated list, `-n` is numeric signals;
    /// each is handled as it is read, so the first error wins. Extra operands are ignored.
    public static func parse(_ arguments: [String]) throws(ToolFailure) -> SvstatInvocation {
        var invocation = SvstatInvocation()
        var parser = OptionParser(arguments: arguments, spec: "uwNrpesto:n")
        while let option = try parser.nextOption() {
            do {
                if let field = StatusField.shortcut(option.letter) {
                    try invocation.fields.append(field)
                } else if option.letter == "o" {
                    try invocation.fields.append(commaSeparated: option.argument ?? "")
                } else {
                    invocation.numericSignals = true
                }
            } catch {
                throw .fatal(error.s6Message, exitCode: S6ExitCode.usage)
            }
        }
        guard let directory = parser.operands.first else { throw .usage }
        invocation.directory = directory
        return invocation
    }
}

/// `s6-svstat [ -uwNrpest | -o fields ] [ -n ] servicedir`: prints a service's status.
public enum SvstatTool {
    /// The tool's output conventions.
    public static let output = ToolOutput(
        program: "s6-svstat",
        usage: "s6-svstat [ -uwNrpest | -o up,wantedup,normallyup,ready,paused,pid,exitcode,signal,signum,updownsince,readysince,updownfor,readyfor ] [ -n ] servicedir")

    /// Runs the tool on `arguments` (without the program name) and returns the exit code.
    public static func run(arguments: [String]) -> Int32 {
        do throws(ToolFailure) {
            let invocation = try SvstatInvocation.parse(arguments)
            let status: ServiceStatus
            do {
                status = try ServiceStatusReader.readLiveStatus(invocation.directory)
            } catch {
                throw .fatal(error.s6Message, exitCode: error.exitCode)
            }
            let formatter = StatusFormatter(status: status, now: StatusClock.now())
            let fields = invocation.fields.fields
            output.standardOutput(fields.isEmpty
                ? formatter.humanLine(numericSignals: invocation.numericSignals)
                : formatter.fieldLine(fields))
            return S6ExitCode.success
        } catch {
            return output.report(error)
        }
    }
}
