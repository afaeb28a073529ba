/// Linux signal numbers (x86-64 / generic) used by the supervisor and the s6 tools.
public enum SignalNumber {
    public static let hup: Int32 = 1, int: Int32 = 2, quit: Int32 = 3, ill: Int32 = 4
    public static let trap: Int32 = 5, abrt: Int32 = 6, bus: Int32 = 7, fpe: Int32 = 8
    public static let kill: Int32 = 9, usr1: Int32 = 10, segv: Int32 = 11, usr2: Int32 = 12
    public static let pipe: Int32 = 13, alrm: Int32 = 14, term: Int32 = 15, stkflt: Int32 = 16
    public static let chld: Int32 = 17, cont: Int32 = 18, stop: Int32 = 19, tstp: Int32 = 20
    public static let ttin: Int32 = 21, ttou: Int32 = 22, urg: Int32 = 23, xcpu: Int32 = 24
    public static let xfsz: Int32 = 25, vtalrm: Int32 = 26, prof: Int32 = 27, winch: Int32 = 28
    public static let poll: Int32 = 29, pwr: Int32 = 30, sys: Int32 = 31
}

/// The signal-name table of skalibs as the s6 tools print and parse it (names without `SIG`).
public enum SignalNames {
    /// Name table in skalibs' order; on lookup by number the first match wins (6 → ABRT,
    /// 29 → POLL, 31 → SYS).
    static let table: [(String, Int32)] = [
        ("ABRT", 6), ("ALRM", 14), ("BUS", 7), ("CHLD", 17), ("CONT", 18), ("FPE", 8), ("HUP", 1),
        ("ILL", 4), ("INT", 2), ("KILL", 9), ("PIPE", 13), ("QUIT", 3), ("SEGV", 11), ("STOP", 19),
        ("TERM", 15), ("TSTP", 20), ("TTIN", 21), ("TTOU", 22), ("USR1", 10), ("USR2", 12),
        ("POLL", 29), ("PROF", 27), ("SYS", 31), ("TRAP", 5), ("URG", 23), ("VTALRM", 26),
        ("XCPU", 24), ("XFSZ", 25), ("IOT", 6), ("STKFLT", 16), ("IO", 29), ("CLD", 17),
        ("PWR", 30), ("WINCH", 28),
    ]

    /// The name of `signal` without the `SIG` prefix, or `???` for numbers not in the table.
    public static func name(of signal: Int32) -> String {
        table.first { $0.1 == signal }?.0 ?? "???"
    }

    /// Parses a signal the way s6-supervise parses `down-signal`: a name with or without a
    /// `SIG` prefix in any letter case, or a decimal number. Nil for anything else.
    public static func parse(_ text: String) -> Int32? {
        parse(bytes: Array(text.utf8))
    }

    /// ``parse(_:)`` on raw bytes, ASCII-only (no Unicode case tables are needed, which keeps
    /// them out of the supervisor's memory).
    public static func parse(bytes: [UInt8]) -> Int32? {
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var value: Int32 = 0
            for digit in bytes {
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int32(digit - 0x30))
                if o1 || o2 { return nil }
                value = sum
            }
            return value
        }
        var upper = bytes.map { $0 >= 0x61 && $0 <= 0x7a ? $0 - 0x20 : $0 }
        if upper.starts(with: [0x53, 0x49, 0x47]) { upper.removeFirst(3) } // "SIG"
        return table.first { $0.0.utf8.elementsEqual(upper) }?.1
    }
}
