import Glibc
import SuperviseSystem

/// Listens to a service's `event/` fifodir for the supervisor's `d` byte ("the service went
/// down"), the way s6's listeners subscribe: a FIFO named `ftrig1:@<24 hex>:<6 chars>` is
/// created under a hidden name, opened for reading (and writing, so it never reports EOF), then
/// renamed into place. The supervisor writes every event byte to it.
public final class DownEventListener {
    /// The listener FIFO's read end.
    public let descriptor: FileDescriptor
    /// Its path, removed by ``close()``.
    public let path: String

    /// Subscribes to `eventDirectory` (normally `event`). The descriptor is inheritable when
    /// `inheritable` is set, so a monitor process can take it over.
    public init(eventDirectory: String, inheritable: Bool) throws(SystemCallError) {
        let name = "ftrig1:" + Self.label() + ":" + Self.randomSuffix()
        let hidden = eventDirectory + "/." + name
        path = eventDirectory + "/" + name
        do {
            let saved = FileSystem.setUmask(0)
            defer { FileSystem.setUmask(saved) }
            try FileSystem.makeFIFO(hidden, mode: 0o600)
        } catch {
            throw SystemCallError("mkfifo", hidden, error)
        }
        do {
            descriptor = try FileDescriptor.open(hidden, [.readWrite, .nonBlocking, .closeOnExec])
            if inheritable { try descriptor.setCloseOnExec(false) }
            try FileSystem.rename(hidden, to: path)
        } catch {
            try? FileSystem.unlink(hidden)
            throw SystemCallError("subscribe to", eventDirectory, error)
        }
    }

    /// Takes over an inherited subscription.
    public init(inheritedDescriptor: FileDescriptor, path: String) {
        descriptor = inheritedDescriptor
        self.path = path
    }

    /// Waits up to `seconds` for event bytes; true as soon as a `d` arrived.
    public func waitForDown(seconds: Double) -> Bool {
        let deadline = MonotonicInstant.now.adding(milliseconds: Int64(seconds * 1000))
        while true {
            if downEventPending() { return true }
            let remaining = deadline.nanoseconds - MonotonicInstant.now.nanoseconds
            if remaining <= 0 { return false }
            _ = try? Poller.waitReadable([descriptor], timeoutMilliseconds: Int32(clamping: (remaining + 999_999) / 1_000_000))
        }
    }

    /// Reads what has arrived without waiting; true if it contains a `d`.
    public func downEventPending() -> Bool {
        var sawDown = false
        while let bytes = try? descriptor.read(upTo: 64), !bytes.isEmpty {
            if bytes.contains(UInt8(ascii: "d")) { sawDown = true }
        }
        return sawDown
    }

    /// Unsubscribes: closes and removes the FIFO.
    public func close() {
        descriptor.close()
        try? FileSystem.unlink(path)
    }

    /// `@` + 24 hex digits of the current TAI64N time, as s6 names listeners.
    private static func label() -> String {
        let now = WallClock.now()
        let seconds = UInt64(bitPattern: now.seconds) &+ 0x4000_0000_0000_0025
        return "@" + hex(seconds, digits: 16) + hex(UInt64(now.nanoseconds), digits: 8)
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".utf8)
        return String(decoding: (0..<6).map { _ in alphabet.randomElement()! }, as: UTF8.self)
    }
}
