/// The names of listener FIFOs in a service's `event/` fifodir (s6's ftrig convention):
/// `ftrig1:@` + a 24-hex-digit TAI64N label + `:` + 6 random characters, 39 bytes in all.
/// The supervisor's notifier writes events to every entry named so; subscribers create them.
public enum ListenerFIFOName {
    /// What every listener name starts with.
    public static let prefix = "ftrig1:@"
    /// The length of a listener name.
    public static let length = 39

    private static let prefixBytes = Array(prefix.utf8)

    /// Whether `name` is a listener FIFO's name.
    public static func matches(_ name: String) -> Bool {
        Array(name.utf8).withUnsafeBufferPointer { matches(bytes: $0) }
    }

    /// ``matches(_:)`` on the raw bytes of a directory entry.
    public static func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == length && bytes.starts(with: prefixBytes)
    }
}
