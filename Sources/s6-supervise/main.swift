import Supervise
import SuperviseSystem

// s6-supervise servicedir — supervises the service in `servicedir`, speaking s6 2.11's protocol.
let arguments = CommandLine.arguments
guard arguments.count >= 2, !arguments[1].isEmpty else {
    Diagnostics(program: "s6-supervise").fatal("usage: s6-supervise dir", exitCode: 100)
}
let directory = arguments[1]
do {
    let supervisor = try Supervisor(serviceDirectory: directory)
    ProcessControl.exitImmediately(supervisor.run())
} catch {
    Diagnostics(program: "s6-supervise \(directory)").fatal(error.message, exitCode: error.exitCode)
}
