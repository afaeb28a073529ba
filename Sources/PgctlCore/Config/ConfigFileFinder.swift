import Foundation

/// Finds configuration files by glob-like name patterns (spec §3.1): `<dir>/<prefix>*` with a
/// recognised extension. Files with other extensions are skipped; two recognised files in one
/// place are ambiguous.
public enum ConfigFileFinder {
    /// The recognised configuration file named `<prefix><extension>` in `directory`, or nil.
    /// Fails with `multiple configurations found at <dir>/<prefix>*` when there are several.
    public static func find(in directory: String, prefix: String) throws(PgctlError) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        let matches = names
            .filter { $0.hasPrefix(prefix) && ConfigFileFormat(fileName: $0) != nil }
            .sorted()
            .map { PathNormalizer.join(directory, $0) }
            .filter { !DirectoryWalk.isDirectory($0) }
        if matches.count > 1 {
            throw PgctlError("multiple configurations found at \(PathNormalizer.join(directory, prefix))*")
        }
        return matches.first
    }

    /// The project configuration files `<baseName>.*` in `workingDirectory` and each parent on
    /// the same file system, nearest first (spec §9.9).
    public static func findUpward(baseName: String, from workingDirectory: String,
                                  device: DirectoryWalk.DeviceLookup = DirectoryWalk.deviceID(of:))
        throws(PgctlError) -> [String] {
        var found: [String] = []
        for directory in DirectoryWalk.upward(from: workingDirectory, device: device) {
            if let file = try find(in: directory, prefix: baseName + ".") { found.append(file) }
        }
        return found
    }
}
