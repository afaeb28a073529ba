import SuperviseSystem

/// An s6 client tool: a function from command-line arguments to an exit code, with a `main`
/// that runs it on the process's arguments.
public protocol S6ClientTool {
    /// Runs the tool on `arguments` (without the program name) and returns the exit code.
    static func run(arguments: [String]) -> Int32
}

extension S6ClientTool {
    /// Runs the tool on the process's arguments and exits with its code (`_exit`: every write
    /// went straight to its descriptor, there is nothing to flush).
    public static func main() -> Never {
        ProcessControl.exitImmediately(run(arguments: Array(CommandLine.arguments.dropFirst())))
    }
}

extension SvcTool: S6ClientTool {}
extension SvstatTool: S6ClientTool {}
extension SvokTool: S6ClientTool {}
extension SvwaitTool: S6ClientTool {}
