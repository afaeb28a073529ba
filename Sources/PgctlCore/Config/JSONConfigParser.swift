/// Reads `.json` configuration files: strict JSON (RFC 8259) plus the `NaN`/`Infinity`
/// literals Python's `json` accepts. Integers stay integers, `true` stays a boolean, later
/// duplicate keys win, and errors carry the line and column (which Foundation's
/// `JSONSerialization` cannot report).
public enum JSONConfigParser {
    /// The top-level object of `text`.
    public static func parse(_ text: String) throws(ConfigParseError) -> [String: ConfigValue] {
        var reader = JSONReader(Array(text.utf8))
        reader.skipWhitespace()
        let start = reader.index
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        if !reader.atEnd { throw reader.error("unexpected data after the JSON value") }
        guard case .mapping(let mapping) = value else {
            throw reader.error("expected a JSON object at the top level, found \(value.errorDisplay)", at: start)
        }
        return mapping
    }
}

/// A cursor over UTF-8 bytes that reads JSON values.
private struct JSONReader {
    let bytes: [UInt8]
    var index = 0
    static let maximumDepth = 256

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { atEnd ? nil : bytes[index] }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    func error(_ problem: String, at position: Int? = nil) -> ConfigParseError {
        let end = min(position ?? index, bytes.count)
        var line = 1, column = 1
        for byte in bytes[..<end] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return ConfigParseError(line: line, column: column, problem)
    }

    mutating func readValue(depth: Int) throws(ConfigParseError) -> ConfigValue {
        guard depth < Self.maximumDepth else { throw error("nested too deeply") }
        guard let byte = current else { throw error("expected a JSON value, found the end of the file") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): return try readLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try readLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try readLiteral("null", .null)
        case UInt8(ascii: "N"): return try readLiteral("NaN", .double(.nan))
        case UInt8(ascii: "I"): return try readLiteral("Infinity", .double(.infinity))
        case UInt8(ascii: "-") where bytes[index...].starts(with: Array("-Infinity".utf8)):
            return try readLiteral("-Infinity", .double(-.infinity))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("expected a JSON value")
        }
    }

    mutating func readLiteral(_ word: String, _ value: ConfigValue) throws(ConfigParseError) -> ConfigValue {
        let utf8 = Array(word.utf8)
        guard bytes[index...].starts(with: utf8) else { throw error("expected a JSON value") }
        index += utf8.count
        return value
    }

    mutating func readObject(depth: Int) throws(ConfigParseError) -> ConfigValue {
        index += 1
        var mapping: [String: ConfigValue] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            return .mapping(mapping)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a property name in double quotes") }
            let key = try readString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a property name") }
            index += 1
            skipWhitespace()
            mapping[key] = try readValue(depth: depth + 1)
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .mapping(mapping)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    mutating func readArray(depth: Int) throws(ConfigParseError) -> ConfigValue {
        index += 1
        var items: [ConfigValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return .list(items)
        }
        while true {
            skipWhitespace()
            items.append(try readValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .list(items)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    mutating func readNumber() throws(ConfigParseError) -> ConfigValue {
        let start = index
        var isInteger = true
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else { throw error("expected a digit") }
        if first == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let digit = current, isDigit(digit) else { throw error("expected a digit after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let digit = current, isDigit(digit) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let int = Int(text) { return .int(int) }
        guard let double = Double(text) else { throw error("invalid number", at: start) }
        return .double(double)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while let byte = current, isDigit(byte) { index += 1 }
    }

    mutating func readString() throws(ConfigParseError) -> String {
        let start = index
        index += 1
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while true {
            guard let byte = current else { throw error("unterminated string", at: start) }
            if byte == UInt8(ascii: "\"") {
                index += 1
                flush()
                return String(scalars)
            }
            if byte < 0x20 { throw error("invalid control character in a string") }
            if byte != UInt8(ascii: "\\") {
                run.append(byte)
                index += 1
                continue
            }
            flush()
            index += 1
            guard let escape = current else { throw error("unterminated string", at: start) }
            index += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try readUnicodeEscape())
            default: throw error("invalid escape in a string", at: index - 2)
            }
        }
    }

    /// After `\u`: four hex digits, combining a surrogate pair when one follows.
    mutating func readUnicodeEscape() throws(ConfigParseError) -> Unicode.Scalar {
        let high = try readHex4()
        if (0xD800..<0xDC00).contains(high), bytes[index...].starts(with: Array("\\u".utf8)) {
            let save = index
            index += 2
            let low = try readHex4()
            if (0xDC00..<0xE000).contains(low) {
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
            }
            index = save
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    mutating func readHex4() throws(ConfigParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = hexDigit(byte) else {
                throw error("invalid \\u escape in a string")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
