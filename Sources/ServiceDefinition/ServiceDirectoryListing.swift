import SuperviseSystem

/// The names in a service directory, listed once (`readdir`) so that reading its definition
/// opens only the files that are there: most optional files are absent, and one listing costs
/// less than a failed `open` per file. When the directory cannot be listed (no read
/// permission, say) every file is tried.
struct ServiceDirectoryListing: Equatable, Sendable {
    /// The directory, as given.
    let directory: String
    /// The names found, or nil when the directory could not be listed.
    private let names: Set<String>?

    init(directory: String) {
        self.directory = directory
        names = (try? FileSystem.directoryEntries(directory)).map(Set.init)
    }

    /// The path of `file`, nil when the listing shows it is not there (a link counts as there,
    /// even dangling: the readers follow it and find out).
    func path(of file: ServiceFileName) -> String? {
        if let names, !names.contains(file.rawValue) { return nil }
        return file.path(in: directory)
    }

    /// Runs the strict reader `read` on `file` when it is there.
    func value<Value>(_ file: ServiceFileName, _ read: (String) throws(ServiceDefinitionError) -> Value?) -> ServiceFileValue<Value> {
        guard let path = path(of: file) else { return .absent }
        return ServiceFileValue { () throws(ServiceDefinitionError) in try read(path) }
    }

    /// What is at the place of the script `file`.
    func script(_ file: ServiceFileName) -> ScriptFile {
        guard let path = path(of: file) else { return .absent }
        return ScriptFile.check(at: path)
    }

    /// Whether `file` exists (links followed).
    func exists(_ file: ServiceFileName) -> Bool {
        guard let path = path(of: file) else { return false }
        return ServiceFileBytes.exists(path)
    }
}
