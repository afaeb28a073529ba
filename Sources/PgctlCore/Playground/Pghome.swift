import SuperviseSystem

/// Where pgctl keeps per-user state: `pghome` (spec §1.4). The configured value keeps its `~`
/// (that is what `pgctl config` shows); it is expanded when used.
public enum Pghome {
    /// The user's home directory: `$HOME` when set and non-empty, else the password database's.
    public static func homeDirectory(environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return UserDatabase.homeDirectoryOfCurrentUser() ?? "/"
    }

    /// Expands a leading `~` or `~user`, makes the path absolute against `workingDirectory`
    /// and normalises it (no trailing slash), so `scratch = pghome + service path` is well
    /// formed. `~/.run/pgctl` → `/home/u/.run/pgctl`.
    public static func resolve(_ raw: String, environment: [String: String], workingDirectory: String) -> String {
        PathNormalizer.join(workingDirectory, expandTilde(raw, environment: environment))
    }

    /// `~` → home, `~/x` → home/x, `~user/x` → that user's home/x (unchanged if unknown).
    public static func expandTilde(_ path: String, environment: [String: String]) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = path[path.index(after: path.startIndex)..<slash]
        let rest = path[slash...]
        if user.isEmpty { return homeDirectory(environment: environment) + rest }
        guard let home = UserDatabase.homeDirectory(ofUser: String(user)) else { return path }
        return home + rest
    }
}
