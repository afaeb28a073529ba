/// What an `s6-svwait` command line asks for.
public struct SvwaitInvocation: Equatable, Sendable {
    /// `-u -U -d -D -r -R` (the last one given wins; `-u` by default).
    public var request = WaitRequest.up
    /// `-a` (default) or `-o` (the last one given wins).
    public var quantifier = WaitQuantifier.all
    /// `-t`: milliseconds, 0 (the default) for no deadline.
    public var timeout: UInt32 = 0
    /// The service directories, at least one.
    public var directories: [String] = []

    /// Parses `arguments` (without the program name) with `s6-svwait` 2.11's rules.
    public static func parse(_ arguments: [String]) throws(ToolFailure) -> SvwaitInvocation {
        var invocation = SvwaitInvocation()
        var parser = OptionParser(arguments: arguments, spec: "UudDrRaot:")
        while let option = try parser.nextOption() {
            switch option.letter {
            case "a": invocation.quantifier = .all
            case "o": invocation.quantifier = .any
            case "t":
                guard let milliseconds = parseUnsigned32(option.argument ?? "") else { throw .usage }
                invocation.timeout = milliseconds
            default:
                guard let request = WaitRequest(rawValue: option.letter) else { throw .usage }
                invocation.request = request
            }
        }
        invocation.directories = Array(parser.operands)
        guard !invocation.directories.isEmpty else { throw .usage }
        return invocation
    }
}

/// `s6-svwait [ -U | -u | -d | -D | -r | -R ] [ -a | -o ] [ -t timeout ] servicedir...`: waits
/// until the services are up, ready, down… by listening to their event fifodirs.
public enum SvwaitTool {
    /// The tool's output conventions.
    public static let output = ToolOutput(
        program: "s6-svwait",
        usage: "s6-svwait [ -U | -u | -d | -D | -r | -R ] [ -a | -o ] [ -t timeout ] servicedir...")

    /// Runs the tool on `arguments` (without the program name) and returns the exit code.
    public static func run(arguments: [String]) -> Int32 {
        let invocation: SvwaitInvocation
        do {
            invocation = try SvwaitInvocation.parse(arguments)
        } catch {
            return output.report(error)
        }
        let waiter = ServiceWaiter(directories: invocation.directories, request: invocation.request,
                                   quantifier: invocation.quantifier, flavor: .svwait)
        return ListenerRun(waiter: waiter, timeout: invocation.timeout).execute()
    }
}
