/// `s6-svok servicedir`: exit 0 if a supervisor runs on `servicedir`, 1 if not, 111 on error.
///
/// Like the real tool it takes no options: the first argument is the directory whatever it
/// looks like (`s6-svok -x` checks a directory named `-x`), further arguments are ignored.
public enum SvokTool {
    /// The tool's output conventions.
    public static let output = ToolOutput(program: "s6-svok", usage: "s6-svok servicedir")

    /// Runs the tool on `arguments` (without the program name) and returns the exit code.
    public static func run(arguments: [String]) -> Int32 {
        guard let directory = arguments.first else { return output.report(.usage) }
        do {
            return try ServiceStatusReader.supervisorIsRunning(directory) ? S6ExitCode.success : S6ExitCode.notRunning
        } catch {
            return output.report(.fatal(error.s6Message, exitCode: error.exitCode))
        }
    }
}
