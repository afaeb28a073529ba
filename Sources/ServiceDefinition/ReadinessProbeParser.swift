import SuperviseSystem

/// The content rules of the probe files: the first line holds `PORT` or `HOST:PORT`
/// (`ready-tcp`), an `http://HOST[:PORT][/PATH]` URL (`ready-http`) or a POSIX extended regular
/// expression (`ready-log`, checked with `regcomp`).
public enum ReadinessProbeParser {
    /// Parses the content of the probe file `fileName` (its path in messages: `path`).
    public static func parse(fileName: String, content: [UInt8], path: String) throws(ReadinessProbeError) -> ReadinessProbe {
        let line = String(decoding: content.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        func invalid(_ problem: String) -> ReadinessProbeError { .invalid(path: path, problem: problem) }
        switch fileName {
        case "ready-log":
            let pattern = line.hasSuffix("\r") ? String(line.dropLast()) : line
            guard !pattern.isEmpty else { throw invalid("the first line is empty (it should hold a regular expression)") }
            do {
                _ = try PosixRegex(pattern)
            } catch {
                throw invalid("'\(pattern)' is not a POSIX extended regular expression: \(error)")
            }
            return ReadinessProbe(fileName: fileName, check: .log(pattern: pattern), target: pattern)
        case "ready-tcp":
            let text = trimmed(line)
            guard !text.isEmpty else { throw invalid("the first line is empty (it should hold PORT or HOST:PORT)") }
            let (host, port) = try hostAndPort(text, defaultPort: nil, invalid: invalid)
            return ReadinessProbe(fileName: fileName, check: .tcp(host: host, port: port), target: text)
        case "ready-http":
            let text = trimmed(line)
            guard !text.isEmpty else { throw invalid("the first line is empty (it should hold an http:// URL)") }
            return ReadinessProbe(fileName: fileName, check: try url(text, invalid: invalid), target: text)
        default:
            throw invalid("not a readiness probe file (\(ReadinessProbe.fileNames.joined(separator: ", ")))")
        }
    }

    /// `http://HOST[:PORT][/PATH]`: port 80 and path `/` by default; no TLS, no user info.
    private static func url(_ text: String, invalid: (String) -> ReadinessProbeError) throws(ReadinessProbeError) -> ReadinessProbe.Check {
        let lower = text.lowercased()
        if lower.hasPrefix("https://") { throw invalid("'\(text)' is an https URL; only http:// is supported (no TLS)") }
        guard lower.hasPrefix("http://") else { throw invalid("'\(text)' is not an http:// URL") }
        let rest = text.dropFirst("http://".count)
        let authority = String(rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" })
        var path = String(rest.dropFirst(authority.count))
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        if path.isEmpty || path.first == "?" { path = "/" + path }
        guard !authority.isEmpty else { throw invalid("'\(text)' has no host") }
        guard !authority.contains("@") else { throw invalid("'\(text)': user information in the URL is not supported") }
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
            throw invalid("'\(text)': the path has spaces or characters that must be percent-encoded")
        }
        let (host, port) = try hostAndPort(authority, defaultPort: 80, invalid: invalid)
        guard host != .loopback else { throw invalid("'\(text)' has no host") }
        return .http(host: host, port: port, path: path, hostHeader: authority)
    }

    /// `PORT` (with no default port: the loopback), `HOST:PORT`, `[IPv6]:PORT`, or with a
    /// default port `HOST` and `[IPv6]`.
    private static func hostAndPort(_ text: String, defaultPort: UInt16?, invalid: (String) -> ReadinessProbeError) throws(ReadinessProbeError) -> (ReadinessProbe.Host, UInt16) {
        var host: String
        var portText: String?
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { throw invalid("'\(text)': an IPv6 address needs its closing ]") }
            host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw invalid("'\(text)': expected :PORT after ]") }
                portText = String(after.dropFirst())
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw invalid("'\(text)': '\(host)' is not an IPv6 address")
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
            if portText!.contains(":") { throw invalid("'\(text)': write an IPv6 address in brackets, as [::1]:8123") }
        } else if defaultPort == nil {
            host = ""
            portText = text
        } else {
            host = text
        }
        guard host.isEmpty || host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else {
            throw invalid("'\(text)': '\(host)' is not a host name or address")
        }
        let port: UInt16
        if let portText {
            guard let value = parsePort(portText) else { throw invalid("'\(portText)' is not a port number (1 to 65535)") }
            port = value
        } else if let defaultPort {
            port = defaultPort
        } else {
            throw invalid("'\(text)' has no port (write HOST:PORT)")
        }
        if host.isEmpty && text.first == ":" { throw invalid("'\(text)' has no host") }
        return (host.isEmpty ? .loopback : .named(host), port)
    }

    /// A decimal port from 1 to 65535.
    static func parsePort(_ text: String) -> UInt16? {
        guard !text.isEmpty, text.utf8.count <= 5, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard let value = Int(text), value >= 1, value <= 65535 else { return nil }
        return UInt16(value)
    }

    /// Without leading and trailing spaces, tabs and carriage returns.
    private static func trimmed(_ text: String) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
    }
}
