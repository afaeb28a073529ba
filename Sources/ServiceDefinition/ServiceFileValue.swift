/// What reading one optional file of a service directory found: nothing, a value, or a bad
/// file (with the reason). Strict readers (pgctl, pgctl-poll-ready) use ``get()``, which
/// throws for a bad file; lenient ones (s6-supervise's "a bad file means the default") use
/// ``usableValue``.
public enum ServiceFileValue<Value: Equatable & Sendable>: Equatable, Sendable {
    /// The file does not exist.
    case absent
    /// The file holds this value.
    case value(Value)
    /// The file is there but unusable.
    case invalid(ServiceDefinitionError)

    /// Runs a strict reader (nil: absent) and keeps what it found.
    public init(reading read: () throws(ServiceDefinitionError) -> Value?) {
        do {
            self = try read().map(ServiceFileValue.value) ?? .absent
        } catch {
            self = .invalid(error)
        }
    }

    /// The value; nil when absent; the error when the file is bad.
    public func get() throws(ServiceDefinitionError) -> Value? {
        switch self {
        case .absent: return nil
        case .value(let value): return value
        case .invalid(let error): throw error
        }
    }

    /// The value, nil when absent or bad.
    public var usableValue: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// Whether the file exists (even if bad).
    public var isPresent: Bool { self != .absent }
}
