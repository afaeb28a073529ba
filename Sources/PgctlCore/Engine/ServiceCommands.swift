// TEMPORARY placeholder written by the CLI work so `pgctl` links before the engine lands.
// The engine replaces this whole file with the real implementation (same API).

/// The commands that act on services (start, stop, restart, status, debug, log).
public struct ServiceCommands {
    /// Where and how the commands run.
    public let context: PgctlContext

    /// Creates the commands for a context.
    public init(context: PgctlContext) { self.context = context }

    /// Brings services up.
    public func start(_ services: [Service]) throws(PgctlError) { throw unavailable("start") }
    /// Brings services down.
    public func stop(_ services: [Service]) throws(PgctlError) { throw unavailable("stop") }
    /// Stops then starts services.
    public func restart(_ services: [Service]) throws(PgctlError) { throw unavailable("restart") }
    /// Prints the services' status.
    public func status(_ services: [Service]) throws(PgctlError) { throw unavailable("status") }
    /// Runs one service in the foreground.
    public func debug(_ service: Service) throws(PgctlError) { throw unavailable("debug") }
    /// Shows the services' logs.
    public func log(_ services: [Service]) throws(PgctlError) { throw unavailable("log") }

    private func unavailable(_ command: String) -> PgctlError {
        PgctlError("'\(command)' is not available in this build yet")
    }
}
