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
guard let directory = arguments.first, !directory.isEmpty, logDirectory?.isEmpty != true else {
    Diagnostics(program: "s6-supervise").fatal("usage: s6-supervise dir", exitCode: 100) // s6's wording; `-l` is our extension
}
do {
    let supervisor = try Supervisor(serviceDirectory: directory, logDirectory: logDirectory)
    ProcessControl.exitImmediately(supervisor.run())
} catch {
    Diagnostics(program: "s6-supervise \(directory)").fatal(error.message, exitCode: error.exitCode)
}
