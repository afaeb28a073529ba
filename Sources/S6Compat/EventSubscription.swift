import SuperviseStatus
import SuperviseSystem

/// Why subscribing to a service's events failed.
public struct EventSubscriptionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The service directory.
    public var directory: String
    /// What creating, opening or renaming the listener FIFO failed with.
    public var errno: Errno

    /// Creates an error.
    public init(directory: String, errno: Errno) {
        self.directory = directory
        self.errno = errno
    }

    /// The message the s6 listeners print after `fatal: `.
    public var s6Message: String { "unable to subscribe to events for \(directory): \(errno)" }
    public var description: String { s6Message }
}

/// A listener on a service's `event/` fifodir, as `s6-svwait`, `s6-svlisten1` and `s6-svc -w`
/// subscribe: the supervisor writes one byte per event (`s` start, `u` up, `U` ready, `d` down,
/// `D` down and ready, `O` permanent failure, `x` exiting) into every listener FIFO.
///
/// The protocol for a race-free wait is: subscribe, *then* read `supervise/status`, *then*
/// (optionally) send a command, then wait for event bytes. The supervisor writes the status
/// before it sends the event, so nothing can be missed in between.
///
/// Subscribing creates `event/` if it is missing (mode 03730, our group) and a FIFO named
/// `ftrig1:@<TAI64N label>:<6 random characters>` (mode 0600) under a temporary dot-name,
/// opens it for reading and for writing (so it never reads end-of-file), and only then
/// renames it into place: the supervisor deletes any listener FIFO it finds without a reader.
/// Before that, listener FIFOs left by killed listeners are removed (``StaleListenerSweep``).
/// No umask or signal state is touched, so this is safe in a multi-threaded program.
/// The FIFO is removed by ``cancel()`` or when the subscription is released.
public final class EventSubscription {
    /// The service directory.
    public let serviceDirectory: String
    /// The listener FIFO's final path.
    public let fifoPath: String
    /// The non-blocking read end, for callers that poll several descriptors themselves.
    public let readEnd: FileDescriptor
    private let writeEnd: FileDescriptor
    private var isActive = true

    /// Size of one read; every read is one batch of events.
    static let readSize = 512

    /// Subscribes to the events of `serviceDirectory`.
    public init(serviceDirectory: String) throws(EventSubscriptionError) {
        let eventDirectory = ServicePaths(serviceDirectory).events
        Self.makeEventDirectory(eventDirectory)
        StaleListenerSweep.sweep(eventDirectory)
        let name = "ftrig1:" + StatusClock.now().label + ":" + Self.randomSuffix()
        let final = eventDirectory + "/" + name
        do {
            (readEnd, writeEnd) = try Self.openListenerFIFO(temporary: eventDirectory + "/." + name, final: final)
        } catch {
            throw EventSubscriptionError(directory: serviceDirectory, errno: error)
        }
        self.serviceDirectory = serviceDirectory
        self.fifoPath = final
    }

    /// Creates the FIFO at `temporary` (mode 0600 whatever the umask), opens both ends
    /// non-blocking, and renames it to `final`. On failure nothing is left behind.
    static func openListenerFIFO(temporary: String, final: String) throws(Errno) -> (FileDescriptor, FileDescriptor) {
        try FileSystem.makeFIFO(temporary, mode: 0o600)
        var opened: [FileDescriptor] = []
        do throws(Errno) {
            do {
                opened.append(try SafeFile.openFIFO(temporary, .readOnly))
                opened.append(try SafeFile.openFIFO(temporary, .writeOnly))
            } catch {
                throw error.errno
            }
            // fchmod on what was opened: never a chmod through a path someone could swap.
            try opened[0].setMode(0o600)
            try FileSystem.rename(temporary, to: final)
            return (opened[0], opened[1])
        } catch {
            opened.forEach { $0.close() }
            try? FileSystem.unlink(temporary)
            throw error
        }
    }

    deinit { cancel() }

    /// Unsubscribes: removes the FIFO and closes both ends. Safe to call more than once.
    public func cancel() {
        guard isActive else { return }
        isActive = false
        try? FileSystem.unlink(fifoPath)
        readEnd.close()
        writeEnd.close()
    }

    /// One read of whatever event bytes have arrived (empty when none). Each call returns
    /// what a single `read(2)` gave: a batch the supervisor usually wrote at once (`dD`, `Dx`).
    public func readAvailable() throws(Errno) -> [UInt8] {
        do {
            return try readEnd.read(upTo: Self.readSize)
        } catch {
            if error == .wouldBlock { return [] }
            throw error
        }
    }

    /// Waits until event bytes arrive or `deadline` passes (nil: no deadline) and returns
    /// one batch, or nil on timeout.
    public func waitForEvents(until deadline: MonotonicInstant?) throws(Errno) -> [UInt8]? {
        while true {
            let bytes = try readAvailable()
            if !bytes.isEmpty { return bytes }
            guard let timeout = Deadline.remainingMilliseconds(until: deadline) else { return nil }
            _ = try Poller.waitReadable([readEnd], timeoutMilliseconds: timeout)
        }
    }

    /// Creates the fifodir as s6's listeners do when no supervisor made it yet: mkdir 0700,
    /// then our group and mode 03730 (setgid, sticky, group may create but not list).
    /// Failures are ignored here: creating the FIFO reports the error that matters.
    static func makeEventDirectory(_ path: String) {
        do {
            try FileSystem.makeDirectory(path, mode: 0o700)
        } catch {
            return
        }
        try? SafeFile.setDirectoryGroupAndMode(path, group: FileSystem.effectiveGroup, mode: 0o3730)
    }

    /// Six random characters from `[A-Za-z0-9_-]`.
    static func randomSuffix() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".utf8)
        var generator = SystemRandomNumberGenerator()
        let picked = (0..<6).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
        return String(decoding: picked, as: UTF8.self)
    }
}

/// Converting monotonic deadlines into `poll(2)` timeouts.
public enum Deadline {
    /// The deadline `milliseconds` from now, or nil (wait forever) for 0, as s6's `-t 0`.
    public static func after(milliseconds: UInt32) -> MonotonicInstant? {
        milliseconds == 0 ? nil : MonotonicInstant.now.adding(milliseconds: Int64(milliseconds))
    }

    /// Milliseconds left until `deadline`, rounded up and capped to what `poll` accepts;
    /// -1 (forever) for no deadline; nil once it has passed.
    public static func remainingMilliseconds(until deadline: MonotonicInstant?) -> Int32? {
        guard let deadline else { return -1 }
        let left = deadline.nanoseconds - MonotonicInstant.now.nanoseconds
        if left <= 0 { return nil }
        let milliseconds = (left + 999_999) / 1_000_000
        return Int32(clamping: milliseconds)
    }
}
