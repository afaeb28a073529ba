/// The monitoring half of `pgctl-poll-ready` (spec §5): checks `./ready` until it passes, then
/// reports readiness and keeps checking; asks for a restart when checks keep failing — unless
/// the service is being stopped or a pgctl command holds it (issue 16); quits as soon as the
/// service goes down.
///
/// Every effect is a closure, so the phase logic is tested without processes.
public struct PollMonitor {
    /// How monitoring ended.
    public enum Outcome: Equatable, Sendable {
        /// The supervisor sent `d`: the service is stopping.
        case serviceStopping
        /// Checks failed for longer than the timeout: restart the service.
        case restartRequested
    }

    /// Timings.
    public var settings: PollSettings
    /// Runs `./ready`; true when it exits 0.
    public var isReady: () -> Bool
    /// Waits up to the given seconds; true as soon as a down event arrives.
    public var waitForDown: (Double) -> Bool
    /// True if a down event already arrived (does not wait).
    public var downPending: () -> Bool
    /// Writes the readiness notification.
    public var notifyReady: () -> Void
    /// Prints one message line (to stderr, i.e. the service's log).
    public var say: (String) -> Void
    /// A monotonic clock in seconds.
    public var now: () -> Double
    /// Why a failing service must not be restarted now, or nil. Asked on every failed check;
    /// the argument is true when the checks have failed for the whole timeout and a nil answer
    /// means the restart happens (``RestartGate/hold(deciding:)``).
    public var restartHold: (_ deciding: Bool) -> RestartHold?

    /// Creates a monitor from its effects.
    public init(settings: PollSettings, isReady: @escaping () -> Bool, waitForDown: @escaping (Double) -> Bool,
                downPending: @escaping () -> Bool, notifyReady: @escaping () -> Void,
                say: @escaping (String) -> Void, now: @escaping () -> Double,
                restartHold: @escaping (_ deciding: Bool) -> RestartHold? = { _ in nil }) {
        self.settings = settings
        self.isReady = isReady
        self.waitForDown = waitForDown
        self.downPending = downPending
        self.notifyReady = notifyReady
        self.say = say
        self.now = now
        self.restartHold = restartHold
    }

    static let prefix = "pgctl-poll-ready: "

    /// Runs both phases until the service stops or needs a restart.
    public func run() -> Outcome {
        // Phase 1: until the first successful check.
        while true {
            if downPending() { return stopping() }
            if isReady() {
                say(Self.prefix + "service's ready check succeeded")
                notifyReady()
                break
            }
            if waitForDown(settings.pollReady) { return stopping() }
        }
        // Phase 2: heartbeat, every `pollDown` seconds from the first success.
        var lastSuccess = now()
        var lastHold: RestartHold?
        if waitForDown(settings.pollDown) { return stopping() }
        while true {
            if downPending() { return stopping() }
            if isReady() {
                lastSuccess = now()
                lastHold = nil
            } else {
                let elapsed = now() - lastSuccess
                let deciding = elapsed >= settings.timeout
                if let hold = restartHold(deciding) {
                    // Said once while the reason lasts; the clock keeps running, so a service
                    // still failing when the hold ends is restarted at the next failed check.
                    if hold != lastHold { say(Self.prefix + "failed, but \(hold) -- not restarting it") }
                    lastHold = hold
                } else if deciding {
                    say(Self.prefix + "failed for more than \(Self.twoDecimals(settings.timeout)) seconds -- we are restarting this service for you")
                    return .restartRequested
                } else {
                    lastHold = nil
                    say(Self.prefix + "failed (restarting in \(Self.twoDecimals(settings.timeout - elapsed)) seconds)")
                }
            }
            if waitForDown(settings.pollDown) { return stopping() }
        }
    }

    private func stopping() -> Outcome {
        say(Self.prefix + "service is stopping -- quitting the poll")
        return .serviceStopping
    }

    /// `%.2f` without Foundation: rounds half away from zero to two decimals.
    public static func twoDecimals(_ value: Double) -> String {
        let negative = value < 0
        let hundredths = Int((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        return (negative && hundredths != 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
