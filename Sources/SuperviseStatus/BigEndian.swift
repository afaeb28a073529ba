extension Array where Element == UInt8 {
    /// Appends `value` in network (big-endian) byte order.
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        var v = value.bigEndian
        Swift.withUnsafeBytes(of: &v) { append(contentsOf: $0) }
    }
}

extension RandomAccessCollection where Element == UInt8 {
    /// Reads a big-endian integer at `offset` (counted from startIndex); nil when out of range.
    /// Inlinable so that the public generic decoders specialize in their callers' modules
    /// (unspecialized, each call instantiated generic metadata at run time).
    @inlinable
    func readBigEndian<T: FixedWidthInteger>(at offset: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard offset >= 0, count >= offset + size else { return nil }
        var value: T = 0
        var index = self.index(startIndex, offsetBy: offset)
        for _ in 0..<size {
            value = value << 8 | T(self[index])
            index = self.index(after: index)
        }
        return value
    }
}
