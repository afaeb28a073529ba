/// Quoting of the literal texts (command summaries, option descriptions) written into the
/// completion scripts.
enum ShellQuoting {
    /// `text` as one single-quoted word for sh, bash and zsh: `it's` → `'it'\''s'`.
    static func posix(_ text: String) -> String {
        "'" + text.replacing("'", with: "'\\''") + "'"
    }

    /// `text` as one single-quoted word for fish, where `\` and `'` are escaped inside.
    static func fish(_ text: String) -> String {
        "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }

    /// `text` with `:` escaped, for the `name:description` items of zsh's `_describe`.
    static func zshDescribeItem(_ name: String, _ description: String) -> String {
        let escapedName = name.replacing("\\", with: "\\\\").replacing(":", with: "\\:")
        return description.isEmpty ? escapedName : escapedName + ":" + description
    }
}
