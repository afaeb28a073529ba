import SuperviseSystem

/// `pgctl debug`'s last step: replace pgctl with the service's `run` (spec §2.7).
struct ForegroundRun {
    let context: PgctlContext
    let service: Service
    let changes: StateChanges

    /// Takes the service lock, prepares the service directory and `exec`s `<svc>/run` with the
    /// service environment plus `PGCTL_DEBUG=true`. Only returns by throwing.
    func exec() throws(PgctlError) {
        let files = ServiceDirectoryFiles(service: service)
        if let problem = files.runProblem(workingDirectory: context.workingDirectory) {
            throw PgctlError("cannot debug service '\(service.name)': \(problem)")
        }
        guard let lock = changes.takeServiceLock(service) else {
            let holders = ProcessScanner.processesWithOpenFile(service.path)
            throw PgctlError("cannot debug service '\(service.name)': it is still running:\n" + ProcessListing.forest(holders).text)
        }
        try files.prepareForSupervisor()
        changes.cleanStopRecord(service).invalidate()
        let scratch = ScratchDirectory(service: service, pghome: context.pghome).path
        var environment = SupervisorLauncher.serviceEnvironment(context.environment, service: service, scratch: scratch, lockFD: lock.fd)
        environment["PGCTL_DEBUG"] = "true"
        try? FileDescriptor(rawValue: lock.fd).setCloseOnExec(false)  // the lock goes on to `run`
        do {
            try FileSystem.changeDirectory(service.path)
        } catch {
            throw PgctlError("cannot change directory to \(service.path): \(error)")
        }
        let error = ProcessControl.execute(files.run, arguments: [files.run], environment: environment)
        throw PgctlError("cannot run \(files.run): \(error)")
    }
}
