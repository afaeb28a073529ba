import ServiceDefinition
import SuperviseStatus
import SuperviseSystem

/// The playground-wide hooks `<pg>/pre-start` and `<pg>/post-stop` and the per-service
/// `start-msg`/`stop-msg` scripts (spec §4.1, §4.3). A hook that cannot run or fails is a
/// `[pgctl] ERROR:` naming it, its exit code and (for message scripts) its output — never a
/// crash (pgctl 5.2.1 printed a traceback, §10.1.7).
struct Hooks {
    let context: PgctlContext

    /// Runs `<pg>/<name>` if it exists, in the project root, with pgctl's stdio and
    /// environment. Nothing when services were given without a playground.
    func runPlaygroundHook(_ name: String) throws(PgctlError) {
        guard let playground = context.playground else { return }
        let path = playground.path + "/" + name
        guard FileSystem.exists(path) else { return }
        let shown = PathDisplay.relative(path, to: context.workingDirectory)
        guard FileSystem.isExecutable(path) else {
            throw PgctlError("the \(name) hook is not executable: \(shown)")
        }
        let child = ChildProcess(
            executable: path, arguments: [path], environment: hookEnvironment(), workingDirectory: playground.projectRoot)
        let status: Int32
        do {
            status = try child.run()
        } catch {
            throw PgctlError("the \(name) hook could not be started: \(shown): \(error.message)")
        }
        if status != 0 {
            throw PgctlError("the \(name) hook failed with exit code \(ChildExit.code(status)): \(shown)")
        }
    }

    /// Runs `<svc>/<name>` (`start-msg`/`stop-msg`) if it exists, in pgctl's working
    /// directory, and prints its combined output, stripped, on stderr.
    func runMessageScript(_ name: ServiceFileName, of service: Service, console: Console) throws(PgctlError) {
        guard let path = ServiceDirectoryFiles(service: service).messageScript(name) else { return }
        let shown = PathDisplay.relative(path, to: context.workingDirectory)
        guard FileSystem.isExecutable(path) else {
            throw PgctlError("\(shown) is not executable")
        }
        let child = ChildProcess(
            executable: path, arguments: [path], environment: hookEnvironment(), workingDirectory: nil,
            standardInput: .file("/dev/null"))
        let result: (status: Int32, output: [UInt8])
        do {
            result = try child.runCapturingOutput(mergeStandardError: true)
        } catch {
            throw PgctlError("\(shown) could not be started: \(error.message)")
        }
        let output = String(decoding: result.output, as: UTF8.self).trimmingBlanksAndNewlines()
        if result.status != 0 {
            var message = "\(shown) exited with error code \(ChildExit.code(result.status))"
            message += output.isEmpty ? " and no output" : " and output:\n\(output)"
            throw PgctlError(message)
        }
        if !output.isEmpty { console.writeError(output + "\n") }
    }

    private func hookEnvironment() -> [String: String] {
        var environment = context.environment
        environment["PGCTL_DEBUG"] = nil
        return environment
    }
}
