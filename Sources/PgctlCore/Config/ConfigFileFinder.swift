import SuperviseSystem

/// Finds configuration files by glob-like name patterns (spec §3.1): `<dir>/<prefix>*` with a
/// recognised extension. Files with other extensions are skipped; two recognised files in one
/// place are ambiguous.
public enum ConfigFileFinder {
    /// The recognised configuration file named `<prefix><extension>` in `directory`, or nil.
    /// Fails with `multiple configurations found at <dir>/<prefix>*` when there are several.
    public static func find(in directory: String, prefix: String) throws(PgctlError) -> String? {
        // Only names starting with the prefix become Strings: parent directories such as /tmp
        // can hold thousands of entries, and this runs for each of them on every command.
        let prefixBytes = Array(prefix.utf8)
        var names: [String] = []
        do {
            try FileSystem.forEachEntry(in: directory) { name in
                guard name.count >= prefixBytes.count, name.starts(with: prefixBytes) else { return }
                names.append(String(decoding: name, as: UTF8.self))
            }
        } catch {
            return nil
        }
        let matches = names
            .filter { ConfigFileFormat(fileName: $0) != nil }
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
