import SuperviseStatus
import SuperviseSystem

/// Removes listener FIFOs whose listener is gone (killed before it could unsubscribe), so they
/// do not pile up in `event/` until the supervisor's next event.
///
/// A listener renames its FIFO to the final `ftrig1:@…` name only after opening its read end
/// (s6's listeners and ours alike), and keeps it open until it unlinks the FIFO. So a FIFO under
/// a listener name that has no reader — a non-blocking write-open fails with ENXIO — can only be
/// stale: it is removed, exactly as the supervisor's notifier would remove it. A FIFO with a
/// reader is opened and closed again without a byte written (the listener, which holds its own
/// write end, sees nothing). Links and files of other kinds under a listener name are left
/// alone (they are never followed or written to).
public enum StaleListenerSweep {
    /// Sweeps the fifodir `eventDirectory`. Failures are ignored: the sweep is housekeeping.
    public static func sweep(_ eventDirectory: String) {
        var listeners: [String] = []
        try? FileSystem.forEachEntry(in: eventDirectory) { name in
            let text = String(decoding: name, as: UTF8.self)
            if ListenerFIFOName.matches(text) { listeners.append(eventDirectory + "/" + text) }
        }
        for fifo in listeners where isStale(fifo) {
            try? FileSystem.unlink(fifo)
        }
    }

    /// Whether `fifo` is a FIFO without a reader.
    static func isStale(_ fifo: String) -> Bool {
        do {
            let probe = try SafeFile.openFIFO(fifo, .writeOnly)
            probe.close()
            return false
        } catch {
            return error.problem == .system(.noDevice)
        }
    }
}
