/// Finds where a duplicated YAML mapping key occurs the second time, so the error points at
/// the duplicate rather than at the mapping (or the key's first occurrence).
///
/// The YAML parser reports only the mapping's position; this scans the text from there for
/// the key written as a mapping key — at the start of a line after indentation or `- `, or
/// after `{`/`,` in a flow mapping, plain or quoted, followed by `:` — and returns the 1-based
/// line and column of its second occurrence at the mapping's indentation.
enum DuplicateKeyLocator {
    /// The position of the second occurrence of `key` as a mapping key at or after the 1-based
    /// `line` of the mapping; nil when it cannot be told.
    static func secondOccurrence(of key: String, in text: String, fromLine line: Int) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard line >= 1, line <= lines.count else { return nil }
        let keyBytes = Array(key.utf8)
        var seen = 0
        var indentation: Int?
        for index in (line - 1)..<lines.count {
            let bytes = lines[index]
            let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
            if let indentation, indent < indentation, indent < bytes.count, bytes[indent] != UInt8(ascii: "#") {
                break  // the mapping ended
            }
            for column in keyColumns(of: keyBytes, in: bytes) {
                if indentation == nil { indentation = indent }
                seen += 1
                if seen == 2 { return (index + 1, column + 1) }
            }
        }
        return nil
    }

    /// The 0-based columns at which `key` appears as a mapping key on one line.
    private static func keyColumns(of key: [UInt8], in line: [UInt8]) -> [Int] {
        var columns: [Int] = []
        var start = 0
        while start < line.count {
            let quote: UInt8? = (line[start] == UInt8(ascii: "'") || line[start] == UInt8(ascii: "\"")) ? line[start] : nil
            let keyStart = start + (quote == nil ? 0 : 1)
            if isKeyPosition(start, in: line), keyStart + key.count <= line.count,
               line[keyStart..<keyStart + key.count].elementsEqual(key) {
                var end = keyStart + key.count
                if let quote {
                    if end < line.count, line[end] == quote { end += 1 } else { start += 1; continue }
                }
                while end < line.count, line[end] == UInt8(ascii: " ") { end += 1 }
                if end < line.count, line[end] == UInt8(ascii: ":"),
                   end + 1 == line.count || line[end + 1] == UInt8(ascii: " ") || line[end + 1] == UInt8(ascii: ",")
                    || line[end + 1] == UInt8(ascii: "}") {
                    columns.append(start)
                }
            }
            start += 1
        }
        return columns
    }

    /// Whether a key may begin at `index`: after indentation, `- `, `{` or `,` (and blanks).
    private static func isKeyPosition(_ index: Int, in line: [UInt8]) -> Bool {
        var before = index - 1
        while before >= 0, line[before] == UInt8(ascii: " ") { before -= 1 }
        guard before >= 0 else { return true }
        let previous = line[before]
        if previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",") { return true }
        if previous == UInt8(ascii: "-"), before + 1 < index {
            let rest = line[..<before]
            return rest.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "-") }
        }
        return false
    }
}
