import SuperviseStatus
import SuperviseSystem

/// The `down-signal` file of a service directory, read as s6-supervise reads it: at most 15
/// bytes, the first line, a signal name (any case, with or without `SIG`) or a number; SIGTERM
/// when the file is absent or invalid. The supervisor reads it at every stop; pgctl reads it to
/// stop, with the same signal, the processes a lost supervisor left behind.
public enum DownSignalFile {
    /// The signal in the file at `path`. Problems (unreadable, invalid) go to `warn` and give
    /// the default.
    public static func read(at path: String, warn: (String) -> Void) -> Int32 {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.readSmallFile(path, limit: 15)
        } catch {
            if error != .noSuchFile { warn("unable to open down-signal: \(error)") }
            return SignalNumber.term
        }
        guard let signal = SignalNames.parse(bytes: Array(bytes.prefix { $0 != UInt8(ascii: "\n") })) else {
            warn("invalid down-signal")
            return SignalNumber.term
        }
        return signal
    }
}
