import Supervise
import SuperviseSystem

// s6-supervise [-l logdir] servicedir — supervises the service in `servicedir`, speaking
// s6 2.11's protocol. `-l logdir` (our extension, used by pgctl) turns on logging mode: the
// service's stdout and stderr are written, timestamped and rotated, to `logdir/current`
// (`logdir` is relative to `servicedir` unless absolute).
var arguments = Array(CommandLine.arguments.dropFirst())
var logDirectory: String?
if arguments.count >= 2 && arguments[0] == "-l" {
    logDirectory = arguments[1]
    arguments.removeFirst(2)
}
guard let directory = arguments.first, logDirectory?.isEmpty != true else {
    // s6's wording (no "fatal:"); `-l` is our extension.
    writeToStandardError("s6-supervise: usage: s6-supervise dir\n")
    ProcessControl.exitImmediately(100)
}
do {
    let supervisor = try Supervisor(serviceDirectory: directory, logDirectory: logDirectory)
    ProcessControl.exitImmediately(supervisor.run())
} catch {
    let program = error.namesDirectory ? "s6-supervise \(directory)" : "s6-supervise"
    Diagnostics(program: program).fatal(error.message, exitCode: error.exitCode)
}
