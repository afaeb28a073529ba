import Foundation

/// `pgctl debug`'s last step: replace pgctl with the service's `run` (spec §2.7).
struct ForegroundRun {
    let context: PgctlContext
    let service: Service
    let changes: StateChanges

    /// Takes the service lock, prepares the service directory and `exec`s `<svc>/run` with the
    /// service environment plus `PGCTL_DEBUG=true`. Only returns by throwing.
    func exec() throws(PgctlError) {
        let files = ServiceFiles(service: service)
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
        _ = fcntl(lock.fd, F_SETFD, 0)  // the lock goes on to `run`
        guard chdir(service.path) == 0 else {
            throw PgctlError("cannot change directory to \(service.path): \(String(cString: strerror(errno)))")
        }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(files.run), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(files.run, argv, envp)
        let error = String(cString: strerror(errno))
        throw PgctlError("cannot run \(files.run): \(error)")
    }
}
