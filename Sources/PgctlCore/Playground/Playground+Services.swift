import Foundation

extension Playground {
    /// Every service of the playground: each directory directly inside it (symlinks to
    /// directories count; files such as `pre-start` do not), sorted by name in byte order
    /// (spec §1.2). Hidden directories count too, as in pgctl 5.2.1 (docs/compat.md).
    public func services() throws(PgctlError) -> [Service] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw PgctlError("\(path): cannot list the playground: \(FileErrorText.reason(error))")
        }
        return names
            .filter { DirectoryWalk.isDirectory(PathNormalizer.join(path, $0)) }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { Service(path: PathNormalizer.join(path, $0)) }
    }
}
