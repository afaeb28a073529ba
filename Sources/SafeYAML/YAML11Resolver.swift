/// The implicit types of YAML 1.1 plain scalars, exactly as PyYAML's resolver decides them
/// (`yes`/`no`/`on`/`off` are booleans, `012` is octal, `1e5` is a string because a float needs
/// a dot, `190:20:30` is sexagesimal), and their construction.
enum YAML11Resolver {
    /// The tag PyYAML gives a plain scalar.
    static func implicitTag(of text: String) -> String {
        if text.isEmpty || ["~", "null", "Null", "NULL"].contains(text) { return YAMLTag.null }
        if booleans[text] != nil { return YAMLTag.bool }
        let bytes = Array(text.utf8)
        if isInt(bytes) { return YAMLTag.int }
        if isFloat(bytes) { return YAMLTag.float }
        if text == "<<" { return YAMLTag.merge }
        if text == "=" { return YAMLTag.value }
        return YAMLTag.str
    }

    static let booleans: [String: Bool] = [
        "yes": true, "Yes": true, "YES": true, "no": false, "No": false, "NO": false,
        "true": true, "True": true, "TRUE": true, "false": false, "False": false, "FALSE": false,
        "on": true, "On": true, "ON": true, "off": false, "Off": false, "OFF": false,
    ]

    // MARK: integers

    /// `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ |
    /// [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+`
    static func isInt(_ text: [UInt8]) -> Bool {
        var body = text[...]
        if let first = body.first, first == plus || first == minus { body = body.dropFirst() }
        guard let first = body.first else { return false }
        if body.starts(with: Array("0b".utf8)) {
            let digits = body.dropFirst(2)
            return !digits.isEmpty && digits.allSatisfy { $0 == zero || $0 == zero + 1 || $0 == underscore }
        }
        if body.starts(with: Array("0x".utf8)) {
            let digits = body.dropFirst(2)
            return !digits.isEmpty && digits.allSatisfy { isHex($0) || $0 == underscore }
        }
        if first == zero {
            if body.count == 1 { return true }
            return body.dropFirst().allSatisfy { ($0 >= zero && $0 <= zero + 7) || $0 == underscore }
        }
        guard isDigit(first) else { return false }
        let parts = body.split(separator: colon, omittingEmptySubsequences: false)
        guard parts[0].allSatisfy({ isDigit($0) || $0 == underscore }) else { return false }
        return parts.dropFirst().allSatisfy(isSexagesimalPart)
    }

    /// The value of an integer scalar (``isInt(_:)`` holds, or an explicit `!!int`); nil when
    /// it is not an integer at all. Values beyond `Int` come back as doubles.
    static func constructInt(_ text: String) -> YAMLValue? {
        var body = Array(text.utf8.filter { $0 != underscore })[...]
        var negative = false
        if let first = body.first, first == plus || first == minus {
            negative = first == minus
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        let digits: ArraySlice<UInt8>
        let radix: Int
        if body == [zero] {
            return .int(0)
        } else if body.starts(with: Array("0b".utf8)) {
            (digits, radix) = (body.dropFirst(2), 2)
        } else if body.starts(with: Array("0x".utf8)) {
            (digits, radix) = (body.dropFirst(2), 16)
        } else if body.first == zero {
            (digits, radix) = (body.dropFirst(), 8)
        } else if body.contains(colon) {
            var total = 0.0
            for part in body.split(separator: colon) {
                guard let value = Int(String(decoding: part, as: UTF8.self)) else { return nil }
                total = total * 60 + Double(value)
            }
            return integral(negative ? -total : total)
        } else {
            (digits, radix) = (body, 10)
        }
        let digitText = String(decoding: digits, as: UTF8.self)
        if let value = Int(digitText, radix: radix) { return .int(negative ? -value : value) }
        // Too large for Int: as PyYAML's arbitrary-precision int would print, but as a double.
        var total = 0.0
        for digit in digitText {
            guard let value = digit.hexDigitValue, value < radix else { return nil }
            total = total * Double(radix) + Double(value)
        }
        return .double(negative ? -total : total)
    }

    private static func integral(_ value: Double) -> YAMLValue {
        if let exact = Int(exactly: value) { return .int(exact) }
        return .double(value)
    }

    // MARK: floats

    /// `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9][0-9_]*([eE][-+][0-9]+)? |
    /// [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)`
    static func isFloat(_ text: [UInt8]) -> Bool {
        let string = String(decoding: text, as: UTF8.self)
        if [".nan", ".NaN", ".NAN"].contains(string) { return true }
        var body = text[...]
        let signed = body.first == plus || body.first == minus
        if signed { body = body.dropFirst() }
        if [".inf", ".Inf", ".INF"].contains(String(decoding: body, as: UTF8.self)) { return true }
        guard let first = body.first else { return false }
        if first == dot {
            // `\.[0-9][0-9_]*(exponent)?` — no sign allowed in this form.
            guard !signed, body.count >= 2, isDigit(body[body.startIndex + 1]) else { return false }
            return isFraction(body.dropFirst())
        }
        guard isDigit(first) else { return false }
        guard let dotIndex = body.firstIndex(of: dot) else { return false }
        let whole = body[..<dotIndex]
        let parts = whole.split(separator: colon, omittingEmptySubsequences: false)
        guard parts[0].allSatisfy({ isDigit($0) || $0 == underscore }) else { return false }
        if parts.count > 1 {
            // Sexagesimal: the fraction has no exponent.
            guard parts.dropFirst().allSatisfy(isSexagesimalPart) else { return false }
            return body[(dotIndex + 1)...].allSatisfy { isDigit($0) || $0 == underscore }
        }
        return isFraction(body[(dotIndex + 1)...])
    }

    /// `[0-9_]*([eE][-+][0-9]+)?`
    private static func isFraction(_ text: ArraySlice<UInt8>) -> Bool {
        guard let exponent = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else {
            return text.allSatisfy { isDigit($0) || $0 == underscore }
        }
        guard text[..<exponent].allSatisfy({ isDigit($0) || $0 == underscore }) else { return false }
        let rest = text[(exponent + 1)...]
        guard let sign = rest.first, sign == plus || sign == minus else { return false }
        let digits = rest.dropFirst()
        return !digits.isEmpty && digits.allSatisfy(isDigit)
    }

    /// The value of a float scalar (``isFloat(_:)`` holds, or an explicit `!!float`); nil when
    /// it is not a number.
    static func constructFloat(_ text: String) -> Double? {
        var body = String(text.filter { $0 != "_" }).lowercased()
        var sign = 1.0
        if body.first == "-" { sign = -1 }
        if body.first == "-" || body.first == "+" { body.removeFirst() }
        if body == ".inf" { return sign * .infinity }
        if body == ".nan" { return .nan }
        if body.contains(":") {
            var total = 0.0
            for part in body.split(separator: ":") {
                guard let value = Double(part) else { return nil }
                total = total * 60 + value
            }
            return sign * total
        }
        if body.hasSuffix(".") { body += "0" }
        if body.hasPrefix(".") { body = "0" + body }
        guard let value = Double(body) else { return nil }
        return sign * value
    }

    // MARK: characters

    private static let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), zero = UInt8(ascii: "0")
    private static let underscore = UInt8(ascii: "_"), colon = UInt8(ascii: ":"), dot = UInt8(ascii: ".")

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= zero + 9 }

    private static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    /// `[0-5]?[0-9]`
    private static func isSexagesimalPart(_ part: ArraySlice<UInt8>) -> Bool {
        switch part.count {
        case 1: return isDigit(part[part.startIndex])
        case 2: return part[part.startIndex] >= zero && part[part.startIndex] <= zero + 5 && isDigit(part[part.startIndex + 1])
        default: return false
        }
    }
}

/// The YAML 1.1 tags PyYAML's safe loader knows.
enum YAMLTag {
    static let prefix = "tag:yaml.org,2002:"
    static let null = prefix + "null", bool = prefix + "bool", int = prefix + "int", float = prefix + "float"
    static let str = prefix + "str", seq = prefix + "seq", map = prefix + "map", timestamp = prefix + "timestamp"
    static let merge = prefix + "merge", value = prefix + "value"
}
