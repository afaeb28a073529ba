/// A node of the YAML representation graph (aliases already replaced by their anchored node).
indirect enum YAMLNode {
    /// A scalar: its text, its explicit tag (nil when none), whether it was plain (unquoted).
    case scalar(String, tag: String?, plain: Bool, mark: YAMLMark)
    case sequence([YAMLNode], tag: String?, mark: YAMLMark)
    /// The pairs in document order.
    case mapping([(key: YAMLNode, value: YAMLNode)], tag: String?, mark: YAMLMark)

    /// Where the node begins.
    var mark: YAMLMark {
        switch self {
        case .scalar(_, _, _, let mark), .sequence(_, _, let mark), .mapping(_, _, let mark): return mark
        }
    }
}

/// Builds the node graph of a single-document stream from its events, resolving anchors and
/// aliases (as PyYAML's composer does). A second document is an error, as with `safe_load`.
struct YAMLComposer {
    private var events: [YAMLEvent]
    private var index = 0
    private var anchors: [String: YAMLNode] = [:]
    /// Anchors whose node is still being built: an alias to one of them would be recursive.
    private var open: Set<String> = []

    init(events: [YAMLEvent]) { self.events = events }

    /// The document's root node, nil for an empty stream.
    mutating func compose() throws(YAMLError) -> YAMLNode? {
        guard next() == .streamStart else { throw YAMLError("expected the start of a YAML stream", at: nil) }
        guard case .documentStart = peek() else { return nil }
        index += 1
        let root = try node()
        guard next() == .documentEnd else { throw YAMLError("expected the end of the document", at: nil) }
        if case .documentStart(let mark) = peek() {
            throw YAMLError("expected a single document in the stream, but found another document", at: mark)
        }
        return root
    }

    private func peek() -> YAMLEvent? { index < events.count ? events[index] : nil }

    private mutating func next() -> YAMLEvent? {
        defer { index += 1 }
        return peek()
    }

    private mutating func node() throws(YAMLError) -> YAMLNode {
        switch next() {
        case .alias(let anchor, let mark)?:
            if open.contains(anchor) { throw YAMLError("found a recursive alias '\(anchor)' (not supported)", at: mark) }
            guard let node = anchors[anchor] else { throw YAMLError("found undefined alias '\(anchor)'", at: mark) }
            return node
        case .scalar(let value, let anchor, let tag, let plain, let mark)?:
            let node = YAMLNode.scalar(value, tag: tag, plain: plain, mark: mark)
            if let anchor { anchors[anchor] = node }
            return node
        case .sequenceStart(let anchor, let tag, let mark)?:
            if let anchor { open.insert(anchor) }
            var items: [YAMLNode] = []
            while peek() != .sequenceEnd { items.append(try node()) }
            index += 1
            let node = YAMLNode.sequence(items, tag: tag, mark: mark)
            if let anchor { open.remove(anchor); anchors[anchor] = node }
            return node
        case .mappingStart(let anchor, let tag, let mark)?:
            if let anchor { open.insert(anchor) }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            while peek() != .mappingEnd {
                let key = try node()
                pairs.append((key, try node()))
            }
            index += 1
            let node = YAMLNode.mapping(pairs, tag: tag, mark: mark)
            if let anchor { open.remove(anchor); anchors[anchor] = node }
            return node
        default:
            throw YAMLError("unexpected event in the YAML stream", at: nil)
        }
    }
}
