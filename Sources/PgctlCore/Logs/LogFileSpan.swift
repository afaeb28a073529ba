import SuperviseSystem

/// One file of a service's log history (an archive or `current`) and how far it is read:
/// bytes `0..<end`. An archive removed before it could be opened reads as empty.
final class LogFileSpan {
    /// The file's path.
    let path: String
    /// Bytes of the file that belong to the history being read.
    let end: Int
    private var descriptor: FileDescriptor?
    private let ownsDescriptor: Bool

    /// An archive: its whole size, measured when opened.
    init(archive path: String) {
        self.path = path
        ownsDescriptor = true
        descriptor = try? FileDescriptor.open(path, [.readOnly, .closeOnExec])
        end = descriptor.flatMap { try? $0.seekToEnd() } ?? 0
    }

    /// A file opened by the caller (`current`), read up to `end`; the caller closes it.
    init(path: String, borrowing descriptor: FileDescriptor?, end: Int) {
        self.path = path
        self.descriptor = descriptor
        self.end = end
        ownsDescriptor = false
    }

    deinit { if ownsDescriptor { descriptor?.close() } }

    /// Up to `count` bytes at `offset` (never beyond ``end``); empty when unreadable.
    func read(_ count: Int, at offset: Int) -> [UInt8] {
        guard let descriptor, offset < end, count > 0 else { return [] }
        return (try? descriptor.read(upTo: min(count, end - offset), at: offset)) ?? []
    }
}
