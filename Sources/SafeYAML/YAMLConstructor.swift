/// Turns nodes into values the way PyYAML's `SafeConstructor` does: implicit YAML 1.1 types
/// for plain scalars, the standard explicit tags, merge keys (`<<`). Stricter in two ways the
/// configuration needs: a duplicate key is an error at the duplicate (PyYAML keeps the last),
/// and timestamps stay text (PyYAML makes dates).
enum YAMLConstructor {
    static func value(of node: YAMLNode) throws(YAMLError) -> YAMLValue {
        switch node {
        case .scalar(let text, let tag, let plain, let mark):
            let resolved = tag ?? (plain ? YAML11Resolver.implicitTag(of: text) : YAMLTag.str)
            return try scalar(text, tag: resolved, mark: mark)
        case .sequence(let items, let tag, let mark):
            if let tag, tag != YAMLTag.seq { throw unknownTag(tag, mark) }
            var values: [YAMLValue] = []
            for item in items { values.append(try value(of: item)) }
            return .sequence(values)
        case .mapping(let pairs, let tag, let mark):
            if let tag, tag != YAMLTag.map { throw unknownTag(tag, mark) }
            return .mapping(try mapping(pairs))
        }
    }

    private static func scalar(_ text: String, tag: String, mark: YAMLMark) throws(YAMLError) -> YAMLValue {
        switch tag {
        case YAMLTag.null: return .null
        case YAMLTag.bool:
            guard let value = YAML11Resolver.booleans[text] ?? YAML11Resolver.booleans[text.lowercased()] else {
                throw YAMLError("'\(text)' is not a boolean", at: mark)
            }
            return .bool(value)
        case YAMLTag.int:
            guard let value = YAML11Resolver.constructInt(text) else { throw YAMLError("'\(text)' is not an integer", at: mark) }
            return value
        case YAMLTag.float:
            guard let value = YAML11Resolver.constructFloat(text) else { throw YAMLError("'\(text)' is not a float", at: mark) }
            return .double(value)
        case YAMLTag.str, YAMLTag.timestamp, "!": return .string(text)
        default: throw unknownTag(tag, mark)
        }
    }

    /// The pairs of a mapping with merge keys applied: the merged pairs first, the mapping's
    /// own pairs overriding them; a key written twice in the mapping itself is an error.
    private static func mapping(_ pairs: [(key: YAMLNode, value: YAMLNode)]) throws(YAMLError) -> [(key: YAMLValue, value: YAMLValue)] {
        var merged: [(key: YAMLValue, value: YAMLValue)] = []
        var own: [(key: YAMLValue, value: YAMLValue)] = []
        for (keyNode, valueNode) in pairs {
            if isMergeKey(keyNode) {
                for source in try mergeSources(valueNode) {
                    for pair in source where !merged.contains(where: { $0.key == pair.key }) { merged.append(pair) }
                }
                continue
            }
            let key = try value(of: keyNode)
            if own.contains(where: { $0.key == key }) {
                throw YAMLError("duplicate key \(display(key)) in a mapping", at: keyNode.mark)
            }
            own.append((key, try value(of: valueNode)))
        }
        return merged.filter { pair in !own.contains { $0.key == pair.key } } + own
    }

    private static func isMergeKey(_ node: YAMLNode) -> Bool {
        guard case .scalar(let text, let tag, let plain, _) = node else { return false }
        return tag == YAMLTag.merge || (tag == nil && plain && text == "<<")
    }

    /// The mappings a `<<` value names: one mapping, or a sequence of mappings (earlier ones win).
    private static func mergeSources(_ node: YAMLNode) throws(YAMLError) -> [[(key: YAMLValue, value: YAMLValue)]] {
        switch node {
        case .mapping(let pairs, _, _):
            return [try mapping(pairs)]
        case .sequence(let items, _, _):
            var sources: [[(key: YAMLValue, value: YAMLValue)]] = []
            for item in items {
                guard case .mapping(let pairs, _, _) = item else {
                    throw YAMLError("while constructing a mapping, expected a mapping for merging, but found \(kind(item))", at: item.mark)
                }
                sources.append(try mapping(pairs))
            }
            return sources
        case .scalar:
            throw YAMLError("while constructing a mapping, expected a mapping or list of mappings for merging, but found scalar",
                            at: node.mark)
        }
    }

    private static func kind(_ node: YAMLNode) -> String {
        switch node {
        case .scalar: return "scalar"
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        }
    }

    /// A key for a message: `'name'` for text, else its value.
    static func display(_ key: YAMLValue) -> String {
        switch key {
        case .string(let text): return "'\(text)'"
        case .int(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .double(let value): return String(value)
        case .sequence, .mapping: return "(a collection)"
        }
    }

    private static func unknownTag(_ tag: String, _ mark: YAMLMark) -> YAMLError {
        YAMLError("could not determine a constructor for the tag '\(tag)'", at: mark)
    }
}

/// Reads YAML text as PyYAML's `safe_load` would (libyaml parsing, YAML 1.1 resolution), with
/// the stricter rules of ``YAMLConstructor``.
public enum SafeYAML {
    /// The value of the single document of `text`; nil for an empty stream (no document, or
    /// only comments).
    public static func load(_ text: String) throws(YAMLError) -> YAMLValue? {
        var composer = YAMLComposer(events: try LibYAMLEvents.read(text))
        guard let root = try composer.compose() else { return nil }
        return try YAMLConstructor.value(of: root)
    }
}
