/// Merges configuration layers (spec §3.1): later layers win key by key; mappings merge
/// recursively; a scalar or list replaces a mapping and vice versa. Remembers which layer
/// last set each key path, for error messages.
public struct ConfigMerger: Sendable {
    /// The merged values so far.
    public private(set) var values: [String: ConfigValue] = [:]
    /// Which layer last set each key path.
    public private(set) var sources: [[String]: ConfigSource] = [:]

    /// An empty merger.
    public init() {}

    /// Applies one layer on top of what was merged so far.
    public mutating func apply(_ layer: [String: ConfigValue], from source: ConfigSource) {
        for (key, value) in layer {
            values[key] = merge(values[key], value, at: [key], from: source)
        }
    }

    /// The merged configuration.
    public var config: PgctlConfig { PgctlConfig(values: values, sources: sources) }

    /// `overlay` merged onto `base` (pure; no provenance).
    public static func merge(_ base: [String: ConfigValue], _ overlay: [String: ConfigValue]) -> [String: ConfigValue] {
        var merger = ConfigMerger()
        merger.apply(base, from: .defaults)
        merger.apply(overlay, from: .defaults)
        return merger.values
    }

    private mutating func merge(_ base: ConfigValue?, _ overlay: ConfigValue, at path: [String],
                                from source: ConfigSource) -> ConfigValue {
        if case .mapping(let old)? = base, case .mapping(let new) = overlay {
            sources[path] = source
            var merged = old
            for (key, value) in new {
                merged[key] = merge(old[key], value, at: path + [key], from: source)
            }
            return .mapping(merged)
        }
        forgetSources(below: path)
        sources[path] = source
        if case .mapping(let new) = overlay {
            for (key, value) in new { _ = merge(nil, value, at: path + [key], from: source) }
        }
        return overlay
    }

    private mutating func forgetSources(below path: [String]) {
        for key in sources.keys where key.count > path.count && key.starts(with: path) {
            sources[key] = nil
        }
    }
}
