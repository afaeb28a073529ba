/// The box the embedded log viewer draws under `Still starting: …` (spec §2.13): a bold frame
/// `╔═╗ ║ ║ ╚═╝` as wide as the terminal minus one column, holding the newest lines of the
/// pending services' logs as `[service] line`.
public struct LogBox: Sendable {
    /// Lines of the box including its two borders (pgctl: 20).
    public let height: Int
    /// Rows available for log lines.
    public var contentRows: Int { height - 2 }
    /// The newest lines, oldest first, at most `contentRows`.
    public private(set) var lines: [String] = []

    /// Creates an empty box of `height` lines (at least 3).
    public init(height: Int = 20) {
        self.height = max(3, height)
    }

    /// Adds a line of `service`'s log (escape sequences and control characters are removed).
    public mutating func append(service: String, line: String) {
        lines.append("[\(service)] " + Self.printable(line))
        if lines.count > contentRows { lines.removeFirst(lines.count - contentRows) }
    }

    /// The box width for a terminal of `columns` columns: columns − 1, or 80 when the terminal
    /// reports 5 columns or fewer.
    public static func width(forColumns columns: Int) -> Int {
        columns <= 5 ? 80 : columns - 1
    }

    /// The box's lines (each without a newline) for a terminal of `columns` columns.
    public func render(columns: Int) -> [String] {
        let width = Self.width(forColumns: columns)
        let inner = max(0, width - 2)
        let bold = "\u{1b}[1m", reset = "\u{1b}[0m"
        var out = [bold + "╔" + String(repeating: "═", count: inner) + "╗" + reset]
        for row in 0..<contentRows {
            let text = row < lines.count ? String(lines[row].prefix(inner)) : ""
            out.append(bold + "║" + reset + text + "\u{1b}[\(width)G" + bold + "║" + reset)
        }
        out.append(bold + "╚" + String(repeating: "═", count: inner) + "╝" + reset)
        return out
    }

    /// `text` without ANSI escape sequences; tabs become spaces, other control characters go.
    public static func printable(_ text: String) -> String {
        var out = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\u{1b}" {
                // CSI: ESC [ params final(0x40-0x7e); other escapes: ESC + one character.
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let c = iterator.next(), !(0x40...0x7e).contains(c.value) {}
                }
                continue
            }
            if scalar == "\t" { out.append(" ") } else if scalar.value >= 0x20 && scalar.value != 0x7f {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
