import Glibc

/// Questions about terminals.
public enum Terminal {
    /// Whether `fd` is open on a terminal (`isatty(3)`).
    public static func isTerminal(_ fd: FileDescriptor) -> Bool { isatty(fd.rawValue) == 1 }

    /// The width in columns of the terminal `fd` is open on (`ioctl(TIOCGWINSZ)`), 0 when it
    /// is not a terminal.
    public static func columns(of fd: FileDescriptor) -> Int {
        var size = winsize()
        guard ioctl(fd.rawValue, UInt(TIOCGWINSZ), &size) == 0 else { return 0 }
        return Int(size.ws_col)
    }
}
