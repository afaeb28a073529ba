/// Renders values exactly like Python's `json.dumps(value, indent=4, sort_keys=True)`, which
/// is what pgctl 5.2.1 printed for `pgctl config` and `pgctl status --json`: keys sorted by
/// code point, four-space indent, `": "` after keys, `","` at line ends, `[]`/`{}` for empty
/// containers, non-ASCII escaped as `\uXXXX`, floats as Python's `repr`.
public enum PythonJSONEncoder {
    /// The JSON text, without a trailing newline.
    public static func encode(_ value: ConfigValue, indent: Int = 4) -> String {
        var output = ""
        write(value, level: 0, indent: indent, into: &output)
        return output
    }

    /// A mapping as a top-level object.
    public static func encode(_ mapping: [String: ConfigValue], indent: Int = 4) -> String {
        encode(.mapping(mapping), indent: indent)
    }

    private static func write(_ value: ConfigValue, level: Int, indent: Int, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let int): output += String(int)
        case .double(let double): output += number(double)
        case .string(let string): output += quoted(string)
        case .list(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "["
            for (offset, item) in items.enumerated() {
                output += (offset == 0 ? "\n" : ",\n") + pad(level + 1, indent)
                write(item, level: level + 1, indent: indent, into: &output)
            }
            output += "\n" + pad(level, indent) + "]"
        case .mapping(let mapping):
            guard !mapping.isEmpty else { output += "{}"; return }
            output += "{"
            let keys = mapping.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (offset, key) in keys.enumerated() {
                output += (offset == 0 ? "\n" : ",\n") + pad(level + 1, indent) + quoted(key) + ": "
                write(mapping[key] ?? .null, level: level + 1, indent: indent, into: &output)
            }
            output += "\n" + pad(level, indent) + "}"
        }
    }

    private static func pad(_ level: Int, _ indent: Int) -> String {
        String(repeating: " ", count: level * indent)
    }

    /// Python's float `repr` (Swift's shortest round-trip form agrees with it, including the
    /// switch to exponent notation), and `NaN`/`Infinity` as `json` writes them.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return String(value)
    }

    /// A JSON string with Python's `ensure_ascii` escaping.
    static func quoted(_ string: String) -> String {
        var output = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case " "..."~": output.unicodeScalars.append(scalar)
            default:
                if scalar.value > 0xFFFF {
                    let offset = scalar.value - 0x10000
                    output += hex(0xD800 + (offset >> 10)) + hex(0xDC00 + (offset & 0x3FF))
                } else {
                    output += hex(scalar.value)
                }
            }
        }
        return output + "\""
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
