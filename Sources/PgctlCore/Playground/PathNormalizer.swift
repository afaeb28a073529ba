/// Lexical path arithmetic (no file-system access, symlinks are not resolved), the way
/// pgctl 5.2.1 treated paths (`os.path.normpath`/`join`/`abspath`).
public enum PathNormalizer {
    /// Collapses repeated slashes, `.` components and `name/..` pairs, and drops a trailing
    /// slash: `/a//b/./c/../` → `/a/b`, `./sleep` → `sleep`, `` → `.`. `..` above the root
    /// stays at the root; leading `..` of a relative path are kept.
    public static func normalize(_ path: String) -> String {
        if isNormalAbsolute(path) { return path }
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let body = parts.joined(separator: "/")
        if absolute { return "/" + body }
        return body.isEmpty ? "." : body
    }

    /// Whether `path` is absolute and already normal (what ``normalize(_:)`` would return
    /// unchanged): `/` alone, or `/`-separated components none of which is empty, `.` or `..`.
    /// One pass over the bytes; most paths pgctl handles are like this.
    static func isNormalAbsolute(_ path: String) -> Bool {
        var utf8 = path.utf8.makeIterator()
        guard utf8.next() == UInt8(ascii: "/") else { return false }
        // Length of the current component so far, and whether it is all dots.
        var length = 0
        var dots = true
        var sawComponent = false
        while let byte = utf8.next() {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (dots && length <= 2) { return false }
                length = 0
                dots = true
                continue
            }
            length += 1
            sawComponent = true
            if byte != UInt8(ascii: ".") { dots = false }
        }
        // The last component: none (a trailing slash) only for `/` itself.
        if length == 0 { return !sawComponent }
        return !(dots && length <= 2)
    }

    /// `component` if it is absolute, else `base/component`, normalised.
    public static func join(_ base: String, _ component: String) -> String {
        if component.hasPrefix("/") { return normalize(component) }
        return normalize(base + "/" + component)
    }

    /// The parent directory of a normalised absolute path (`/` for `/` itself).
    public static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of a path (`web` for `/p/playground/web`).
    public static func basename(of path: String) -> String {
        let normal = normalize(path)
        guard let slash = normal.lastIndex(of: "/") else { return normal }
        return String(normal[normal.index(after: slash)...])
    }
}
