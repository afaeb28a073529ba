import Glibc

extension FileDescriptor {
    /// Writes `bytes` at file offset `offset` in one `pwrite(2)` (retried on EINTR), without
    /// moving the file offset; returns how many were written (a short count is possible).
    public func write(_ bytes: [UInt8], at offset: Int) throws(Errno) -> Int {
        try valueOrErrno { bytes.withUnsafeBytes { Glibc.pwrite(rawValue, $0.baseAddress, $0.count, off_t(offset)) } }
    }
}
