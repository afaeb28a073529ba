import Glibc

/// The supervisor's own machine code, as mapped from its executable file.
public enum ExecutableText {
    /// Drops this process's resident pages of its executable's code (`madvise(MADV_DONTNEED)`
    /// on every `r-xp` mapping of /proc/self/exe, from /proc/self/maps). Returns the number of
    /// bytes of mappings advised, or nil if the maps could not be read.
    ///
    /// Why: a long-lived supervisor runs its start-up code (the Swift runtime's initialisation,
    /// directory set-up) once, yet those pages stay mapped and count in its RSS/PSS. Code pages
    /// are clean, read-only and backed by the file, so dropping them loses nothing: the pages
    /// the loop still needs come back from the page cache on their next use (a minor fault).
    /// Only executable mappings are touched, never data (whose pages may hold changes).
    @discardableResult
    public static func releaseResidentPages() -> Int? {
        // No heap growth here: the point is to shrink the process, so the maps are read through
        // a fixed stack buffer and parsed line by line.
        var executable = [UInt8](repeating: 0, count: 512)
        let length = executable.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { readlink("/proc/self/exe", $0.baseAddress!, $0.count) }
        }
        guard length > 0, length < executable.count else { return nil }
        executable.removeSubrange(length...)
        guard let maps = try? FileDescriptor.open("/proc/self/maps", [.readOnly, .closeOnExec]) else { return nil }
        defer { maps.close() }
        var released = 0
        var line = [UInt8]()
        line.reserveCapacity(512)
        var chunk = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = (try? chunk.withUnsafeMutableBytes { try maps.read(into: $0) }) ?? 0
            if count <= 0 { break }
            for byte in chunk[..<count] {
                if byte != UInt8(ascii: "\n") {
                    if line.count < 4096 { line.append(byte) }
                    continue
                }
                if let mapping = Mapping(line[...]), mapping.executable, mapping.path.elementsEqual(executable),
                   let start = UnsafeMutableRawPointer(bitPattern: mapping.start),
                   madvise(start, mapping.end - mapping.start, MADV_DONTNEED) == 0 {
                    released += mapping.end - mapping.start
                }
                line.removeAll(keepingCapacity: true)
            }
        }
        return released
    }

    /// One line of /proc/self/maps: `start-end perms offset dev inode path`.
    struct Mapping {
        var start: Int, end: Int
        var executable: Bool
        var path: ArraySlice<UInt8>

        init?(_ line: ArraySlice<UInt8>) {
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6 else { return nil }
            let range = fields[0].split(separator: UInt8(ascii: "-"))
            guard range.count == 2, let start = Self.hex(range[0]), let end = Self.hex(range[1]), end > start else { return nil }
            let perms = Array(fields[1])
            guard perms.count == 4 else { return nil }
            self.start = start
            self.end = end
            executable = perms[0] == UInt8(ascii: "r") && perms[1] == UInt8(ascii: "-") && perms[2] == UInt8(ascii: "x")
            var path = fields[5]
            while path.first == UInt8(ascii: " ") { path = path.dropFirst() }
            self.path = path
        }

        static func hex(_ digits: ArraySlice<UInt8>) -> Int? {
            var value = 0
            for digit in digits {
                let nibble: Int
                switch digit {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = Int(digit - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = Int(digit - UInt8(ascii: "a")) + 10
                default: return nil
                }
                guard value <= (Int.max >> 4) else { return nil }
                value = value << 4 | nibble
            }
            return digits.isEmpty ? nil : value
        }
    }
}
