import SuperviseSystem

/// Finds processes through `/proc` (spec §2.9): those holding a descriptor on a file or
/// directory (compared by device and inode), and those whose initial environment carries a
/// service's tracing variables. Entries that vanish or cannot be read (ESRCH, EACCES,
/// ENOENT, kernel threads) are skipped; pgctl itself is never reported.
enum ProcessScanner {
    /// What to look for, per service.
    struct Target: Hashable {
        /// The service directory (its absolute path, as in `PGCTL_SERVICE`).
        var servicePath: String
    }

    /// The pids of every process (other than this one) with `path` open.
    static func processesWithOpenFile(_ path: String) -> [Int32] {
        guard let identity = FileIdentity(path: path) else { return [] }
        var found: [Int32] = []
        forEachProcess { pid in
            if hasOpenDescriptor(pid: pid, on: [identity]) != nil { found.append(pid) }
        }
        return found
    }

    /// For each service path of `servicePaths`, the processes that still belong to it:
    /// holding a descriptor on the directory (another user's only with proof, see
    /// ``ServiceMembership``), or (with `environmentTracing`) started with both
    /// `PGCTL_SERVICE=<path>` and `PGCTL_SERVICE_PROCESS=true`. One pass over `/proc`.
    static func serviceProcesses(_ servicePaths: [String], environmentTracing: Bool) -> [String: [Int32]] {
        scan(servicePaths, environmentTracing: environmentTracing).members
    }

    /// ``serviceProcesses(_:environmentTracing:)`` plus the bystanders: processes of other
    /// users that hold a directory open without belonging to its service.
    static func scan(_ servicePaths: [String], environmentTracing: Bool) -> ServiceProcessScan {
        var identities: [FileIdentity: String] = [:]
        for path in servicePaths {
            if let identity = FileIdentity(path: path) { identities[identity] = path }
        }
        let wanted = Set(servicePaths)
        let wantedIdentities = Set(identities.keys)
        var result = ServiceProcessScan()
        forEachProcess { pid in
            var owners = Set<String>()
            var bystanderOf: String?
            if let identity = hasOpenDescriptor(pid: pid, on: wantedIdentities), let path = identities[identity] {
                if ServiceMembership.belongs(pid: pid, holding: identity, servicePath: path) {
                    owners.insert(path)
                } else {
                    bystanderOf = path
                }
            }
            if environmentTracing, let environ = readEnviron(pid: pid),
                let service = EnvironmentTracing.tracedService(environ), wanted.contains(service) {
                owners.insert(service)
            }
            for owner in owners { result.members[owner, default: []].append(pid) }
            if let bystanderOf, !owners.contains(bystanderOf) { result.bystanders[bystanderOf, default: []].append(pid) }
        }
        return result
    }

    /// The descriptor numbers of `pid` that refer to `identity`.
    static func descriptors(of pid: Int32, on identity: FileIdentity) -> [Int32] {
        var found: [Int32] = []
        try? FileSystem.forEachEntryTarget(in: "/proc/\(pid)/fd") { name, target in
            if target == identity, let number = Int32(String(decoding: name, as: UTF8.self)) { found.append(number) }
            return true
        }
        return found
    }

    /// Calls `body` with every numeric `/proc` entry except our own pid.
    static func forEachProcess(_ body: (Int32) -> Void) {
        let me = ProcessControl.currentPID
        var pids: [Int32] = []
        try? FileSystem.forEachEntry(in: "/proc") { name in
            var value: Int32 = 0
            for (index, byte) in name.enumerated() {
                let digit = byte &- 0x30
                guard digit < 10, index < 10 else { return }
                value = value * 10 + Int32(digit)
            }
            if value > 0 && value != me { pids.append(value) }
        }
        pids.forEach(body)
    }

    /// The first identity of `identities` that one of `pid`'s descriptors refers to. Each
    /// descriptor is `fstatat`'ed relative to the open `fd/` directory (no path walk per
    /// entry: this loop dominates the cost of a scan).
    private static func hasOpenDescriptor(pid: Int32, on identities: Set<FileIdentity>) -> FileIdentity? {
        guard !identities.isEmpty else { return nil }
        var found: FileIdentity?
        try? FileSystem.forEachEntryTarget(in: "/proc/\(pid)/fd") { _, target in
            guard identities.contains(target) else { return true }
            found = target
            return false
        }
        return found
    }

    /// The raw `/proc/<pid>/environ`, nil when unreadable.
    static func readEnviron(pid: Int32) -> [UInt8]? {
        try? FileSystem.readFile("/proc/\(pid)/environ")
    }
}

/// Parsing of a process's initial environment (`/proc/<pid>/environ`: NUL-separated
/// `KEY=value` entries) for pgctl's tracing variables.
enum EnvironmentTracing {
    /// Whether `environ` contains every `key=value` pair of `required`.
    static func matches(_ environ: [UInt8], _ required: [String: String]) -> Bool {
        required.allSatisfy { key, value in
            guard let found = self.value(of: key, in: environ) else { return false }
            return found.elementsEqual(value.utf8)
        }
    }

    /// The service a process belongs to: its `PGCTL_SERVICE`, if it also has
    /// `PGCTL_SERVICE_PROCESS=true`.
    static func tracedService(_ environ: [UInt8]) -> String? {
        guard let marker = value(of: "PGCTL_SERVICE_PROCESS", in: environ), marker.elementsEqual("true".utf8),
              let service = value(of: "PGCTL_SERVICE", in: environ) else { return nil }
        return String(validating: service, as: UTF8.self)
    }

    /// The value of `key` in a raw environ block (NUL-separated `key=value` entries): the first
    /// entry for the key whose value is valid UTF-8 wins, as `getenv` would return it; entries
    /// without `=` are ignored. Found without building a dictionary: a `/proc` scan calls this
    /// for every process, and parsing every environment was half the cost of a scan.
    static func value(of key: String, in environ: [UInt8]) -> ArraySlice<UInt8>? {
        let keyBytes = Array(key.utf8)
        let equals = UInt8(ascii: "=")
        var start = 0
        while start < environ.count {
            let end = environ[start...].firstIndex(of: 0) ?? environ.count
            let entryLength = end - start
            if entryLength > keyBytes.count, environ[start + keyBytes.count] == equals,
               environ[start..<(start + keyBytes.count)].elementsEqual(keyBytes) {
                let value = environ[(start + keyBytes.count + 1)..<end]
                if String(validating: value, as: UTF8.self) != nil { return value }
            }
            start = end + 1
        }
        return nil
    }
}
