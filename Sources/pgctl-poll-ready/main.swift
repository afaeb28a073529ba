import ReadinessPolling
import ServiceDefinition
import SuperviseStatus
import SuperviseSystem

// pgctl-poll-ready COMMAND [ARGS...] — run from a service's `run` script (cwd = the service
// directory): execs COMMAND as the service's main process and leaves behind a monitor that
// checks `./ready` and reports readiness to the supervisor (spec §5). The monitor is started
// through an intermediate process (``MonitorLauncher``) so that it is no child of the service.

let arguments = CommandLine.arguments

func fail(_ message: String, code: Int32 = 100) -> Never {
    writeToStandardError("pgctl-poll-ready: error: \(message)\n")
    ProcessControl.exit(code)
}

/// The timings of the service defined by `definition` (the working directory, read once).
func loadSettings(_ definition: ServiceDirectoryDefinition) -> PollSettings {
    do {
        return try PollSettings.load(definition, environment: environmentDictionary())
    } catch {
        fail("\(error)")
    }
}

func environmentDictionary() -> [String: String] {
    Environment.current()
}

/// pgctl's log of this service: where messages go once the supervisor's pipe is gone.
let logFile = FileSystem.currentDirectoryPath() + "/logs/current"

if arguments.count == 3 && arguments[1] == RestartRequest.relayFlag {
    RestartRequest.relay(into: ServiceLogOutput(fallbackPath: arguments[2]))
    ProcessControl.exit(0)
}

if arguments.count >= 2 && arguments[1] == MonitorLauncher.flag {
    ProcessControl.exit(MonitorLauncher.spawnMonitor(arguments: arguments))
}

if arguments.count >= 2 && arguments[1] == MonitorCommandLine.flag {
    guard let monitor = MonitorCommandLine(arguments: arguments) else { fail("bad monitor arguments") }
    // A `run` that ignores SIGCHLD passes that on: the monitor must reap its ready checks.
    Signals.restoreDefault(SignalNumber.chld)
    let output = ServiceLogOutput(fallbackPath: logFile)
    let ending = monitor.run(settings: loadSettings(ServiceDirectoryDefinition(directory: ".")), output: output, scratch: environmentDictionary()["PGCTL_SCRATCH"])
    if ending.outcome == .restartRequested {
        let pgctl = MonitorCommandLine.siblingExecutable("pgctl")
        let error = RestartRequest.replaceWithRestart(pgctl: pgctl, service: FileSystem.currentDirectoryName(), logFile: logFile,
                                                      commandLock: ending.commandLock)
        output.say("pgctl-poll-ready: error: unable to exec \(pgctl): \(error)")
        ProcessControl.exit(111)
    }
    ProcessControl.exit(0)
}

guard arguments.count >= 2 else {
    writeToStandardError("usage: pgctl-poll-ready COMMAND [ARGS...]\n")
    ProcessControl.exit(100)
}
let command = Array(arguments.dropFirst())

if let debug = environmentDictionary()["PGCTL_DEBUG"], !debug.isEmpty {
    writeToStandardError("pgctl-poll-ready: disabled during debug -- quitting\n")
    let error = ProcessControl.replaceProcess(with: command[0], arguments: command, searchPath: true)
    fail("unable to exec \(command[0]): \(error)", code: 127)
}

let definition = ServiceDirectoryDefinition(directory: ".")
_ = loadSettings(definition) // report a bad timing file now, not later in the monitor
// notification-fd is read as the supervisor reads it (``NumberFile``): both agree on it.
let notificationFD: Int32
switch definition.notificationFD {
case .absent:
    fail("cannot read notification-fd in the service directory: \(Errno.noSuchFile) (pgctl writes it when a `ready` script exists)")
case .invalid(let error):
    if case .notANumber(let text) = error.problem { fail("notification-fd must hold a descriptor number above 2, found '\(text)'") }
    let reason = if case .unreadable(let errno) = error.problem { "\(errno)" } else { error.reason }
    fail("cannot read notification-fd in the service directory: \(reason) (pgctl writes it when a `ready` script exists)")
case .value(let number):
    guard number > 2, let descriptor = Int32(exactly: number) else {
        fail("notification-fd must hold a descriptor number above 2, found '\(number)'")
    }
    notificationFD = descriptor
}

let listener: DownEventListener
do {
    listener = try DownEventListener(serviceDirectory: ".")
} catch {
    fail("\(error)", code: 111)
}
// The monitor watches this process (the service, once exec'd) through a pidfd too.
let ownPid = ProcessControl.currentPID
let pidfd = try? ProcessControl.openPidFD(ownPid)
try? pidfd?.setCloseOnExec(false)  // the monitor inherits it
do {
    try MonitorLauncher.start(monitorArguments: MonitorCommandLine.arguments(
        listener: listener, notificationFD: notificationFD, service: ServiceProcessWatch(pid: ownPid, descriptor: pidfd)))
} catch {
    listener.close()
    pidfd?.close()
    if case .intermediateFailed = error { ProcessControl.exit(111) } // the launcher said why
    fail("unable to start the readiness monitor: \(error)", code: 111)
}
// The monitor owns the subscription, the notification descriptor and the pidfd from now on.
listener.descriptor.close()
pidfd?.close()
FileDescriptor(rawValue: notificationFD).close()
let error = ProcessControl.replaceProcess(with: command[0], arguments: command, searchPath: true)
fail("unable to exec \(command[0]): \(error)", code: 127)
