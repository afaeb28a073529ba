import CSupervise
import Glibc

extension FileDescriptor {
    /// Reads up to `count` bytes at file offset `offset` (`pread(2)`, retried on EINTR),
    /// without moving the file offset. Fewer bytes at end of file, none beyond it.
    public func read(upTo count: Int, at offset: Int) throws(Errno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let n = try valueOrErrno { buffer.withUnsafeMutableBytes { pread($0.baseAddress, count, off_t(offset)) } }
        buffer.removeSubrange(n...)
        return buffer
    }

    /// Reads until end of file (`read(2)` in 64 KiB steps).
    public func readToEnd() throws(Errno) -> [UInt8] {
        var data = [UInt8]()
        while true {
            let chunk = try read(upTo: 65536)
            if chunk.isEmpty { return data }
            data += chunk
        }
    }

    /// Moves the file offset to the end and returns it (`lseek(0, SEEK_END)`): the size of
    /// a regular file.
    public func seekToEnd() throws(Errno) -> Int {
        Int(try valueOrErrno { lseek(rawValue, 0, SEEK_END) })
    }

    /// Whether the number is an open descriptor (`fcntl(F_GETFD)` succeeds).
    public var isOpen: Bool { csupervise_get_cloexec(rawValue) >= 0 }

    private func pread(_ buffer: UnsafeMutableRawPointer?, _ count: Int, _ offset: off_t) -> Int {
        Glibc.pread(rawValue, buffer, count, offset)
    }
}
