import SuperviseStatus
import SuperviseSystem

/// The `down-signal` file of a service directory, read as s6-supervise reads it: at most 15
/// bytes, the first line, a signal name (any case, with or without `SIG`) or a number; SIGTERM
/// when the file is absent or invalid. The supervisor reads it at every stop; pgctl reads it to
/// stop, with the same signal, the processes a lost supervisor left behind.
public enum DownSignalFile {
    /// s6 reads at most this many bytes.
    public static let byteLimit = 15

    /// The signal in the file at `path`; nil when it does not exist; an error naming the file
    /// when it cannot be read or names no signal.
    public static func read(at path: String) throws(ServiceDefinitionError) -> Int32? {
        guard let bytes = try ServiceFileBytes.firstBytes(of: path, limit: byteLimit) else { return nil }
        let line = Array(bytes.prefix { $0 != UInt8(ascii: "\n") })
        guard let signal = SignalNames.parse(bytes: line) else {
            throw ServiceDefinitionError(path: path, problem: .notASignal(String(decoding: line, as: UTF8.self)))
        }
        return signal
    }

    /// s6-supervise's reading: the signal, SIGTERM when the file is absent; a bad file goes to
    /// `warn` (``ServiceDefinitionError/s6Warning``) and gives SIGTERM.
    public static func read(at path: String, warn: (String) -> Void) -> Int32 {
        do {
            return try read(at: path) ?? SignalNumber.term
        } catch {
            warn(error.s6Warning)
            return SignalNumber.term
        }
    }
}
