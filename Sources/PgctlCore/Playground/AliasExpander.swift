/// Expands aliases into service names (spec §1.3).
///
/// Expansion is depth-first and keeps the order of names. A name that is not an alias is
/// passed through (it names a service); the literal ``allServices`` is passed through too and
/// stands for every service of the playground. Only a real cycle is an error: an alias that
/// (directly or indirectly) contains itself. Unlike pgctl 5.2.1, listing the same service or
/// alias twice is fine (duplicates are removed later), see docs/compat.md.
public enum AliasExpander {
    /// The literal that expands to all services.
    public static let allServices = "(all services)"

    /// The names `names` expand to, in order, possibly with duplicates and with
    /// ``allServices`` left in place.
    public static func expand(_ names: [String], aliases: [String: [String]]) throws(PgctlError) -> [String] {
        var result: [String] = []
        var path: [String] = []
        for name in names {
            try visit(name, aliases: aliases, path: &path, into: &result)
        }
        return result
    }

    private static func visit(_ name: String, aliases: [String: [String]], path: inout [String],
                              into result: inout [String]) throws(PgctlError) {
        if name == allServices {
            result.append(name)
            return
        }
        guard let members = aliases[name] else {
            result.append(name)
            return
        }
        if path.contains(name) {
            throw PgctlError("Circular aliases! Visited twice during alias expansion: '\(name)'")
        }
        path.append(name)
        for member in members {
            try visit(member, aliases: aliases, path: &path, into: &result)
        }
        path.removeLast()
    }
}
