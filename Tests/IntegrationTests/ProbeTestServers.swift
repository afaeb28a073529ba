import Foundation
import Glibc
import TestSupport
import Testing

/// Servers for the readiness-probe tests, started by the service's own `run` once a file
/// appears (so each test decides when "late" ends, by an event, not a sleep).
enum ProbeTestServers {
    static let python = "/usr/bin/python3"
    static var hasPython: Bool { FileManager.default.isExecutableFile(atPath: python) }
    static let noPython: Comment = "python3 is not installed (the probe tests' servers run on it)"

    /// A TCP port nothing listens on right now (bound to port 0 and released).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw TestFailure("bind: \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A `run` body: waits for the file `go` in the service directory, then execs `command`.
    static func afterGo(_ command: String) -> String {
        "while [ ! -e go ]; do sleep 0.01; done\nexec \(command)"
    }

    /// A TCP listener on 127.0.0.1:`port` that never accepts (the kernel completes connections).
    static func tcpListener(port: UInt16) -> String {
        "\(python) -c 'import socket, time\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind((\"127.0.0.1\", \(port)))\ns.listen(64)\ntime.sleep(100000)'"
    }

    /// An HTTP server on 127.0.0.1:`port` answering 503 until the file `healthy` exists in its
    /// working directory, then 200.
    static func httpServer(port: UInt16) -> String {
        """
        \(python) -c 'import http.server, os
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200 if os.path.exists("healthy") else 503)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        http.server.HTTPServer.allow_reuse_address = True
        http.server.HTTPServer(("127.0.0.1", \(port)), H).serve_forever()'
        """
    }
}
