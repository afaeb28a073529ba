import Glibc

/// Why a host name could not be turned into addresses (`getaddrinfo(3)`): the host, the
/// `EAI_*` code and its text.
public struct AddressResolutionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The host as given.
    public var host: String
    /// The `EAI_*` code.
    public var code: Int32
    /// With `EAI_SYSTEM`, the errno.
    public var errno: Errno?

    /// "could not resolve <host>: <gai_strerror text>".
    public var description: String {
        if code == EAI_SYSTEM, let errno { return "could not resolve \(host): \(errno)" }
        return "could not resolve \(host): \(String(cString: gai_strerror(code)))"
    }
}

/// Host names and address literals to socket addresses for TCP (`getaddrinfo(3)`).
public enum AddressResolution {
    /// The addresses of `host` (an IPv4 or IPv6 literal — no name service is asked then — or a
    /// name, looked up through the system's resolver, which may block), with `port`, in the
    /// resolver's order. Only IPv4 and IPv6 stream addresses are kept.
    public static func resolve(host: String, port: UInt16) throws(AddressResolutionError) -> [SocketAddress] {
        if let literal = literal(host, port: port) { return [literal] }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, String(port), &hints, &list)
        guard code == 0 else {
            throw AddressResolutionError(host: host, code: code, errno: code == EAI_SYSTEM ? .current : nil)
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry = list
        while let current = entry {
            let info = current.pointee
            if let address = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6 {
                let candidate = SocketAddress(bytes: address, length: Int(info.ai_addrlen), family: info.ai_family)
                if !addresses.contains(candidate) { addresses.append(candidate) }
            }
            entry = info.ai_next
        }
        if addresses.isEmpty { throw AddressResolutionError(host: host, code: EAI_NONAME, errno: nil) }
        return addresses
    }

    /// `host` as an IPv4 or IPv6 address literal (`inet_pton`), nil when it is not one: no
    /// resolver (nor its configuration files) is involved.
    public static func literal(_ host: String, port: UInt16) -> SocketAddress? {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            return withUnsafeBytes(of: &v4) { SocketAddress(bytes: $0.baseAddress!, length: $0.count, family: AF_INET) }
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            return withUnsafeBytes(of: &v6) { SocketAddress(bytes: $0.baseAddress!, length: $0.count, family: AF_INET6) }
        }
        return nil
    }

    /// The loopback addresses with `port`: 127.0.0.1 then ::1 (no name service asked).
    public static func loopback(port: UInt16) -> [SocketAddress] {
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = port.bigEndian
        v4.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        v6.sin6_port = port.bigEndian
        v6.sin6_addr = in6addr_loopback
        return [
            withUnsafeBytes(of: &v4) { SocketAddress(bytes: $0.baseAddress!, length: $0.count, family: AF_INET) },
            withUnsafeBytes(of: &v6) { SocketAddress(bytes: $0.baseAddress!, length: $0.count, family: AF_INET6) },
        ]
    }
}
