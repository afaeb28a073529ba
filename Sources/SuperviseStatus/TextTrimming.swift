extension StringProtocol {
    /// The text without leading and trailing blanks (spaces and tabs, and any other Unicode
    /// space separator) — what Foundation's `trimmingCharacters(in: .whitespaces)` gives.
    public func trimmingBlanks() -> String {
        trimming { $0 == " " || $0 == "\t" || ($0.unicodeScalars.count == 1 && $0.unicodeScalars.first!.properties.generalCategory == .spaceSeparator) }
    }

    /// The text without leading and trailing blanks and line breaks (`.whitespacesAndNewlines`).
    public func trimmingBlanksAndNewlines() -> String {
        trimming { $0.isWhitespace }
    }

    private func trimming(_ isTrimmed: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isTrimmed($0) }), let last = lastIndex(where: { !isTrimmed($0) }) else { return "" }
        return String(self[first...last])
    }
}
