import SuperviseSystem

/// The monitor's last resort (spec §5): after the ready check failed for longer than the
/// timeout it becomes `pgctl restart <service>` (an `exec`, so pgctl runs as part of the
/// service and reuses the service lock it inherited). The command lock the monitor took to
/// decide (``RestartGate``) is handed on too, named by `PGCTL_COMMAND_LOCK`: pgctl takes it
/// over instead of locking `.pgctl.lock` anew, so no other command gets in between.
///
/// pgctl's output belongs in the service's log. Its standard output and error therefore go
/// into a pipe read by a small relay process (`pgctl-poll-ready --pgctl-log-relay <log file>`),
/// which passes everything on through a ``ServiceLogOutput``: to the old supervisor's logging
/// pipe while it lives, then — once the restart has stopped that supervisor — straight into the
/// log file. The relay is not part of the service: it has no descriptor but the pipe and its
/// standard output and error, and its environment lacks `PGCTL_SERVICE_PROCESS`, so the stop
/// inside the restart does not wait for it. It ends when pgctl does (end of file on the pipe).
public enum RestartRequest {
    /// The flag that selects relay mode.
    public static let relayFlag = "--pgctl-log-relay"

    /// Starts the relay and replaces this process with `pgctl restart <service>`, handing it
    /// `commandLock` when given. Returns only on failure, with the error (the relay then ends
    /// at once: nothing writes to it).
    public static func replaceWithRestart(pgctl: String, service: String, logFile: String,
                                          commandLock: FileDescriptor? = nil) -> Errno {
        let pipe: (read: FileDescriptor, write: FileDescriptor)
        do {
            pipe = try FileDescriptor.pipe()
        } catch {
            return error
        }
        var relayEnvironment = Environment.current()
        for name in ["PGCTL_SERVICE_PROCESS", ServiceChildSpawn.serviceLockVariable, RestartGate.commandLockVariable] {
            relayEnvironment[name] = nil
        }
        // Standard input the pipe, standard output and error ours, no other descriptor.
        var relay = ProgramSpawn(executable: MonitorCommandLine.siblingExecutable("pgctl-poll-ready"),
                                 arguments: ["pgctl-poll-ready", relayFlag, logFile], environment: relayEnvironment)
        relay.standardInput = .descriptor(pipe.read)
        do throws(Errno) {
            do {
                _ = try relay.spawn()
            } catch {
                throw error.errno
            }
            try pipe.write.duplicate(as: .standardOutput)
            try pipe.write.duplicate(as: .standardError)
        } catch {
            pipe.read.close()
            pipe.write.close()
            return error
        }
        pipe.read.close()
        pipe.write.close()
        if let commandLock {
            do {
                try commandLock.setCloseOnExec(false)
            } catch {
                return error
            }
            try? Environment.set(RestartGate.commandLockVariable, to: String(commandLock.rawValue))
        } else {
            try? Environment.unset(RestartGate.commandLockVariable)
        }
        return ProcessControl.replaceProcess(with: pgctl, arguments: ["pgctl", "restart", service], searchPath: false)
    }

    /// The relay's loop: copies standard input to `output` until end of file.
    public static func relay(into output: ServiceLogOutput) {
        let input = FileDescriptor.standardInput
        while true {
            guard let chunk = try? input.read(upTo: 65536), !chunk.isEmpty else { break }
            output.write(chunk)
        }
        output.finish()
    }
}
