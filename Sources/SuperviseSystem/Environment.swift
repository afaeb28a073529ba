import Glibc

/// The process environment (`environ`).
public enum Environment {
    /// The environment as a dictionary, read from `environ` directly. A name given twice keeps
    /// its first value, as `getenv` returns it; entries without `=` or with an empty name are
    /// skipped.
    public static func current() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), equals != text.startIndex {
                let name = String(text[..<equals])
                if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return result
    }
}
