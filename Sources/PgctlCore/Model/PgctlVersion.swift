/// The version `pgctl --version` prints (spec §9.1: the port reports its own version).
public enum PgctlVersion {
    /// The version string.
    public static let current = "6.0.0-swift"
}
