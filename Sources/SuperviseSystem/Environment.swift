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

    /// Sets `name` to `value` in this process's environment (`setenv(3)`, overwriting), which
    /// a program replacing this process keeps. Throws EINVAL for an empty name or one
    /// containing `=`, ENOMEM when out of memory.
    public static func set(_ name: String, to value: String) throws(Errno) {
        _ = try valueOrErrno(retryOnInterrupt: false) { setenv(name, value, 1) }
    }

    /// Removes `name` from this process's environment (`unsetenv(3)`); nothing to remove is no
    /// error. Throws EINVAL for an empty name or one containing `=`.
    public static func unset(_ name: String) throws(Errno) {
        _ = try valueOrErrno(retryOnInterrupt: false) { unsetenv(name) }
    }
}
