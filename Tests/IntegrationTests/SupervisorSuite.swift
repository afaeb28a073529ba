import Foundation
import TestSupport
import Testing

/// Every integration test of our supervisor runs inside this suite, one test at a time: they
/// spawn real processes and some measure timings (the 1 s restart throttle), which must not
/// compete with each other for the two cores.
@Suite("Supervisor (real processes)", .serialized, .timeLimit(.minutes(5)))
struct SupervisorIntegration {}

/// Runs `body` with a fresh sandbox (a service directory in a temp dir) and always cleans it up:
/// every supervisor and service it started is killed, even when the body throws.
func withSandbox<T>(run: String = "exec sleep 1000", files: [String: String] = [:],
                    _ body: (ServiceSandbox) throws -> T) throws -> T {
    let sandbox = try ServiceSandbox(run: run, files: files)
    defer { sandbox.cleanup() }
    return try body(sandbox)
}

/// The events after the start-up `u`: a listener that subscribes once the status says "up" may
/// or may not see that `u` (the status is written just before the event is sent).
func afterInitialUp(_ received: String) -> String {
    received.hasPrefix("u") ? String(received.dropFirst()) : received
}

/// Subscribes to the sandbox's events before any supervisor runs (creating `event/`, which the
/// supervisor adopts), so that no event of the start-up — the `s` sent right after the first
/// status write, the first `u` — can fall between the start and the subscription.
func listenBeforeStart(_ sandbox: ServiceSandbox) throws -> EventListener {
    try FileManager.default.createDirectory(atPath: sandbox.path("event"), withIntermediateDirectories: false)
    return try sandbox.listen()
}
