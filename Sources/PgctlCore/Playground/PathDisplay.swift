/// How pgctl shows paths in messages (spec §9.69): relative to a base directory (normally
/// the working directory) when the path lies under it, otherwise absolute.
public enum PathDisplay {
    /// `path` relative to `base` if it is `base` itself or lies below it, else `path`
    /// unchanged: `/a/b/c` vs `/a/b` → `c`; `/a/bc` vs `/a/b` → `/a/bc`; `/a/b` vs `/a/b` → `.`.
    /// Both paths are normalised first.
    public static func relative(_ path: String, to base: String) -> String {
        let path = PathNormalizer.normalize(path)
        let base = PathNormalizer.normalize(base)
        if path == base { return "." }
        let prefix = base == "/" ? "/" : base + "/"
        guard path.hasPrefix(prefix) else { return path }
        return String(path.dropFirst(prefix.count))
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each kept only at its first occurrence (spec §1.2, §9.69).
    public func uniquedKeepingFirst() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
