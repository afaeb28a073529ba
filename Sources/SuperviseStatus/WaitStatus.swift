/// The low 16 bits of a Linux `waitpid` status, as stored in s6 status files.
public struct WaitStatus: Equatable, Hashable, Sendable {
    /// The raw status bits.
    public var rawValue: UInt16

    /// Wraps raw status bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Wraps an `Int32` status as returned by `waitpid`, keeping the low 16 bits.
    public init(waitpidStatus: Int32) { self.rawValue = UInt16(truncatingIfNeeded: waitpidStatus) }

    /// The status of a process that exited with `code`.
    public static func exited(_ code: UInt8) -> WaitStatus { WaitStatus(rawValue: UInt16(code) << 8) }

    /// The status of a process killed by `signal`.
    public static func signaled(_ signal: Int32) -> WaitStatus { WaitStatus(rawValue: UInt16(signal & 0x7f)) }

    /// True when the process exited normally (`WIFEXITED`).
    public var exited: Bool { rawValue & 0x7f == 0 }
    /// The exit code (`WEXITSTATUS`), meaningful when `exited`.
    public var exitCode: Int { Int((rawValue >> 8) & 0xff) }
    /// True when the process was killed by a signal (`WIFSIGNALED`).
    public var signaled: Bool { let low = rawValue & 0x7f; return low != 0 && low != 0x7f }
    /// The terminating signal (`WTERMSIG`), meaningful when `signaled`.
    public var signal: Int32 { Int32(rawValue & 0x7f) }
}
