import Glibc

/// One IPv4 or IPv6 socket address (a `sockaddr_in` or `sockaddr_in6`), as bytes ready for
/// `connect(2)`. Made by ``AddressResolution``.
public struct SocketAddress: Equatable, Sendable, CustomStringConvertible {
    /// The raw `sockaddr` bytes.
    let storage: [UInt8]
    /// `AF_INET` or `AF_INET6`.
    public let family: Int32

    init(bytes: UnsafeRawPointer, length: Int, family: Int32) {
        storage = Array(UnsafeRawBufferPointer(start: bytes, count: length))
        self.family = family
    }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { family == AF_INET6 }

    /// `127.0.0.1:8123` or `[::1]:8123` (`inet_ntop`).
    public var description: String {
        var text = [UInt8](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        func ntop(_ family: Int32, _ address: UnsafeRawPointer) -> String {
            text.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { _ = inet_ntop(family, address, $0.baseAddress, socklen_t($0.count)) }
            }
            return String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
        }
        return storage.withUnsafeBytes { raw -> String in
            if family == AF_INET6 {
                let address = raw.loadUnaligned(as: sockaddr_in6.self)
                var host = address.sin6_addr
                return "[\(ntop(AF_INET6, &host))]:\(UInt16(bigEndian: address.sin6_port))"
            }
            let address = raw.loadUnaligned(as: sockaddr_in.self)
            var host = address.sin_addr
            return "\(ntop(AF_INET, &host)):\(UInt16(bigEndian: address.sin_port))"
        }
    }
}
