import Foundation
import SuperviseSystem

/// A fresh directory under the system temp dir, removed by `remove()`.
public final class TemporaryDirectory {
    /// Its absolute path (symlinks resolved).
    public let path: String

    /// Creates `/tmp/<prefix>.XXXXXX`.
    public init(prefix: String = "pgctl-test") throws {
        var template = Array("\(NSTemporaryDirectory())/\(prefix).XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp failed: errno \(errno)") }
        path = URL(fileURLWithPath: String(cString: made)).resolvingSymlinksInPath().path
    }

    /// `path` + "/" + `name`.
    public func child(_ name: String) -> String { path + "/" + name }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Builds service directories for tests.
public enum ServiceDirectoryBuilder {
    /// Creates directory `path` with an executable `run` containing `script` (a `#!/bin/sh`
    /// line is added), plus the given extra files (name → contents; names ending in
    /// `finish`/`run` are made executable).
    @discardableResult
    public static func make(at path: String, run script: String, files: [String: String] = [:]) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try write(path + "/run", "#!/bin/sh\n" + script + "\n", executable: true)
        for (name, contents) in files {
            try write(path + "/" + name, contents, executable: name == "finish" || name == "run")
        }
        return path
    }

    /// Writes `contents` to `path`, optionally mode 0755.
    ///
    /// The file is opened close-on-exec: a process that another test thread forks at that moment
    /// must not carry a write descriptor to it, or exec'ing it (a `run` script) fails with
    /// ETXTBSY ("Text file busy") — the supervisor would then wait 10 s before retrying.
    public static func write(_ path: String, _ contents: String, executable: Bool = false) throws {
        let fd = try FileDescriptor.open(path, [.writeOnly, .create, .truncate, .closeOnExec], mode: 0o644)
        defer { fd.close() }
        try fd.writeAll(Array(contents.utf8))
        if executable { chmod(path, 0o755) }
    }
}
