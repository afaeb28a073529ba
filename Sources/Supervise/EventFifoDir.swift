import SuperviseStatus
import SuperviseSystem

/// The notifier side of an s6 event fifodir (`event/`).
///
/// Listeners own FIFOs named `ftrig1:@<24 hex>:<6 chars>` (39 bytes). For every event the
/// directory is listed again; each qualifying FIFO is opened non-blocking for writing, never
/// through a symbolic link, and written only if it is a FIFO: no reader (ENXIO) → the FIFO is
/// stale and removed; EPIPE → removed; other errors (a full FIFO) → the event is dropped for
/// that listener; a link or a file of another kind under a listener's name is skipped.
public struct EventFifoDir {
    /// Listener FIFO names start with this prefix…
    public static let listenerPrefix = ListenerFIFOName.prefix
    /// …and are exactly this long.
    public static let listenerNameLength = ListenerFIFOName.length

    /// The fifodir path.
    public let path: String

    /// Creates a notifier for the fifodir at `path`.
    public init(path: String) { self.path = path }

    /// Whether `name` is a listener FIFO the notifier writes to (``ListenerFIFOName``).
    public static func isListenerName(_ name: String) -> Bool { ListenerFIFOName.matches(name) }

    /// ``isListenerName(_:)`` on the raw bytes of a directory entry.
    static func isListenerName(bytes: UnsafeBufferPointer<UInt8>) -> Bool { ListenerFIFOName.matches(bytes: bytes) }

    /// Sends `events` (one write) to every listener. Failures never propagate.
    public func notify(_ events: [SupervisorEvent]) {
        var bytes = [UInt8]()
        bytes.reserveCapacity(events.count)
        for event in events { bytes.append(event.rawValue) }
        var listeners: [String] = []
        do {
            try FileSystem.forEachEntry(in: path) { name in
                if Self.isListenerName(bytes: name) {
                    listeners.append(path + "/" + String(decoding: name, as: UTF8.self))
                }
            }
        } catch {
            return
        }
        for fifo in listeners {
            let fd: FileDescriptor
            do {
                fd = try SafeFile.openFIFO(fifo, .writeOnly)
            } catch {
                if error.problem == .system(.noDevice) { try? FileSystem.unlink(fifo) }
                continue
            }
            do {
                try fd.writeAll(bytes)
            } catch {
                if error == .brokenPipe { try? FileSystem.unlink(fifo) }
            }
            fd.close()
        }
    }
}
