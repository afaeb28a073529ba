import Foundation
import TestSupport

/// Builds files in a temporary directory for configuration and playground tests.
struct ConfigTestTree {
    let temp: TemporaryDirectory
    var root: String { temp.path }

    init() throws { temp = try TemporaryDirectory(prefix: "pgctl-config") }

    /// Writes `contents` to `root/relative`, creating parent directories.
    @discardableResult
    func file(_ relative: String, _ contents: String = "") throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// Creates the directory `root/relative` (and parents).
    @discardableResult
    func directory(_ relative: String) throws -> String {
        let path = relative.isEmpty ? root : root + "/" + relative
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func remove() { temp.remove() }
}
