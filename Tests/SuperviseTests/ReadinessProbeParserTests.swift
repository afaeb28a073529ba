import ServiceDefinition
import Testing

/// The probe files' contents: what is accepted and how each malformed one is reported (the
/// same reader serves pgctl's check before starting and the supervisor).
@Suite("Readiness probe files: parsing")
struct ReadinessProbeParserTests {
    private func parse(_ name: String, _ content: String) throws(ReadinessProbeError) -> ReadinessProbe {
        try ReadinessProbeParser.parse(fileName: name, content: Array(content.utf8), path: "svc/\(name)")
    }

    @Test("ready-tcp: PORT, HOST:PORT, [IPv6]:PORT, names")
    func tcp() throws {
        #expect(try parse("ready-tcp", "8123\n").check == .tcp(host: .loopback, port: 8123))
        #expect(try parse("ready-tcp", " 127.0.0.1:8123 \r\n").check == .tcp(host: .named("127.0.0.1"), port: 8123))
        #expect(try parse("ready-tcp", "[::1]:80").check == .tcp(host: .named("::1"), port: 80))
        #expect(try parse("ready-tcp", "db.local:5432\nignored").check == .tcp(host: .named("db.local"), port: 5432))
        #expect(try parse("ready-tcp", "127.0.0.1:8123").description == "ready-tcp 127.0.0.1:8123")
    }

    @Test("ready-http: host, port, path, Host header")
    func http() throws {
        #expect(try parse("ready-http", "http://127.0.0.1:8123/health?x=1\n").check
                == .http(host: .named("127.0.0.1"), port: 8123, path: "/health?x=1", hostHeader: "127.0.0.1:8123"))
        #expect(try parse("ready-http", "http://localhost").check == .http(host: .named("localhost"), port: 80, path: "/", hostHeader: "localhost"))
        #expect(try parse("ready-http", "HTTP://[::1]:9000/a#frag").check == .http(host: .named("::1"), port: 9000, path: "/a", hostHeader: "[::1]:9000"))
    }

    @Test("ready-log: the first line is the pattern")
    func log() throws {
        let probe = try parse("ready-log", "listening on port [0-9]+\n")
        #expect(probe.check == .log(pattern: "listening on port [0-9]+"))
        #expect(probe.description == "ready-log 'listening on port [0-9]+'")
    }

    @Test("malformed files: an error naming the file and the problem", arguments: [
        ("ready-tcp", "not-a-port", "invalid svc/ready-tcp: 'not-a-port' is not a port number (1 to 65535)"),
        ("ready-tcp", "127.0.0.1:0", "invalid svc/ready-tcp: '0' is not a port number (1 to 65535)"),
        ("ready-tcp", "127.0.0.1:70000", "invalid svc/ready-tcp: '70000' is not a port number (1 to 65535)"),
        ("ready-tcp", "::1:80", "invalid svc/ready-tcp: '::1:80': write an IPv6 address in brackets, as [::1]:8123"),
        ("ready-tcp", "[::1]", "invalid svc/ready-tcp: '[::1]' has no port (write HOST:PORT)"),
        ("ready-tcp", "\n", "invalid svc/ready-tcp: the first line is empty (it should hold PORT or HOST:PORT)"),
        ("ready-http", "localhost:8080/", "invalid svc/ready-http: 'localhost:8080/' is not an http:// URL"),
        ("ready-http", "https://example.com/", "invalid svc/ready-http: 'https://example.com/' is an https URL; only http:// is supported (no TLS)"),
        ("ready-http", "http:///path", "invalid svc/ready-http: 'http:///path' has no host"),
        ("ready-http", "http://host:port/", "invalid svc/ready-http: 'port' is not a port number (1 to 65535)"),
        ("ready-http", "http://h/a b", "invalid svc/ready-http: 'http://h/a b': the path has spaces or characters that must be percent-encoded"),
        ("ready-log", "x(", "invalid svc/ready-log: 'x(' is not a POSIX extended regular expression: Unmatched ( or \\("),
        ("ready-log", "", "invalid svc/ready-log: the first line is empty (it should hold a regular expression)"),
    ])
    func malformed(name: String, content: String, message: String) {
        #expect(throws: ReadinessProbeError.self) { try parse(name, content) }
        do {
            _ = try parse(name, content)
        } catch {
            #expect(error.description == message)
            #expect(error.path == "svc/\(name)")
        }
    }
}
