/// A field of `s6-svstat -o`, in the order s6 2.11 lists them. Names given on the command line
/// are matched as prefixes of these, the first in this order winning: `u` is `up`, `p` is
/// `paused` (not `pid`), `updown` is `updownsince`.
public enum StatusField: String, CaseIterable, Sendable {
    case up, wantedup, normallyup, ready, paused, pid, exitcode, signal, signum
    case updownsince, readysince, updownfor, readyfor

    /// At most this many fields per invocation.
    public static let maximumCount = 16

    /// The first field whose name starts with `prefix`, or nil. An empty prefix matches
    /// nothing (s6 reports it as a null field before looking it up).
    public static func matching(prefix: String) -> StatusField? {
        guard !prefix.isEmpty else { return nil }
        return allCases.first { $0.rawValue.hasPrefix(prefix) }
    }

    /// The field selected by a shortcut option of `s6-svstat` (`-uwNrpest`), or nil.
    public static func shortcut(_ letter: Character) -> StatusField? {
        switch letter {
        case "u": return .up
        case "w": return .wantedup
        case "N": return .normallyup
        case "r": return .ready
        case "p": return .pid
        case "e": return .exitcode
        case "s": return .signal
        case "t": return .updownfor
        default: return nil
        }
    }
}

/// Why a field list was refused; each is a usage error (exit 100).
public enum StatusFieldError: Error, Equatable, Sendable {
    /// An empty name followed by a comma (`up,,pid`, `,up`).
    case nullField
    /// A name that is no field's prefix.
    case invalidField(String)
    /// More than ``StatusField/maximumCount`` fields.
    case tooManyFields

    /// The message `s6-svstat` prints after `fatal: `.
    public var s6Message: String {
        switch self {
        case .nullField: return "invalid null option field"
        case .invalidField(let name): return "invalid option field: \(name)"
        case .tooManyFields: return "too many option fields"
        }
    }
}

/// A list of `-o` fields being accumulated over several options, as `s6-svstat` does:
/// `-o pid -u` prints pid then up.
public struct StatusFieldList: Equatable, Sendable {
    /// The fields so far, in order.
    public private(set) var fields: [StatusField] = []

    /// An empty list.
    public init() {}

    /// Appends one field, refusing a 17th.
    public mutating func append(_ field: StatusField) throws(StatusFieldError) {
        guard fields.count < StatusField.maximumCount else { throw .tooManyFields }
        fields.append(field)
    }

    /// Appends the comma-separated names of an `-o` argument, left to right, stopping at the
    /// first bad one. A trailing comma is allowed (`up,`), an empty name before a comma is not;
    /// an empty argument adds nothing.
    public mutating func append(commaSeparated text: String) throws(StatusFieldError) {
        var names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        if names.last == "" { names.removeLast() }
        for name in names {
            guard !name.isEmpty else { throw .nullField }
            guard let field = StatusField.matching(prefix: name) else { throw .invalidField(name) }
            try append(field)
        }
    }
}
