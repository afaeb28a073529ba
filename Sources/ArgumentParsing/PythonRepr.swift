/// Python's `repr()` of a `str`, which argparse puts in its messages (`invalid choice: 'x'`,
/// `ignored explicit argument 'x'`): single quotes unless the text holds a single quote and no
/// double quote; backslash, quote, `\n`, `\r`, `\t` escaped; other control characters as `\xNN`.
public enum PythonRepr {
    /// `repr(text)` as Python 3 prints it.
    public static func of(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where Character(scalar) == quote: result += "\\" + String(quote)
            case _ where scalar.value < 0x20 || (0x7f...0xa0).contains(scalar.value):
                result += "\\x" + hex(scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        result.append(quote)
        return result
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(value >> 4)], digits[Int(value & 0xf)]])
    }
}
