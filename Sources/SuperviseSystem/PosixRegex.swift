import Glibc

/// Why `regcomp(3)` refused a pattern: its code and `regerror`'s text.
public struct RegexCompileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `REG_*` error code.
    public var code: Int32
    /// `regerror`'s text, e.g. "Unmatched ( or \\(".
    public var message: String

    public var description: String { message }
}

/// A POSIX extended regular expression compiled with `REG_EXTENDED | REG_NOSUB`, used to ask
/// whether a line matches anywhere (`regexec(3)`). Owns the compiled `regex_t`.
public final class PosixRegex {
    private let compiled: UnsafeMutablePointer<regex_t>
    /// A reusable NUL-terminated copy of the line being matched.
    private var line: [CChar] = []

    /// Compiles `pattern`; throws `regcomp`'s complaint.
    public init(_ pattern: String) throws(RegexCompileError) {
        // Compiled into a local first: `self` exists (and deinit would run) only on success.
        let candidate = UnsafeMutablePointer<regex_t>.allocate(capacity: 1)
        let code = regcomp(candidate, pattern, REG_EXTENDED | REG_NOSUB)
        guard code == 0 else {
            var text = [UInt8](repeating: 0, count: 256)
            text.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { _ = regerror(code, candidate, $0.baseAddress, $0.count) }
            }
            candidate.deallocate()
            throw RegexCompileError(code: code, message: String(decoding: text.prefix { $0 != 0 }, as: UTF8.self))
        }
        compiled = candidate
    }

    deinit {
        regfree(compiled)
        compiled.deallocate()
    }

    /// Whether the expression matches somewhere in `bytes` (one line, without its newline; a NUL
    /// byte ends it early, as for any C string).
    public func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: bytes.lazy.map { CChar(bitPattern: $0) })
        line.append(0)
        return regexec(compiled, line, 0, nil, 0) == 0
    }
}
