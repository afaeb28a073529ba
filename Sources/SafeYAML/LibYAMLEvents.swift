import CYAML

/// Reads the events of a YAML text with libyaml — the C parser PyYAML's `safe_load` uses, so
/// what parses, and where an error is reported, is what pgctl 5.2.1 saw.
enum LibYAMLEvents {
    /// Every event of `text`, from stream start to stream end.
    static func read(_ text: String) throws(YAMLError) -> [YAMLEvent] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else { throw YAMLError("cannot initialise the YAML parser (out of memory)", at: nil) }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(YAMLError) -> [YAMLEvent] in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var events: [YAMLEvent] = []
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) != 0 else { throw error(of: parser) }
                defer { yaml_event_delete(&event) }
                let converted = convert(event)
                events.append(converted)
                if converted == .streamEnd { return events }
            }
        }
    }

    /// The parser's error: problem, its mark, and the context.
    private static func error(of parser: yaml_parser_t) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
        let context = parser.context.map { (text: String(cString: $0), mark: mark(parser.context_mark)) }
        return YAMLError(problem, at: mark(parser.problem_mark), context: context)
    }

    private static func mark(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func convert(_ event: yaml_event_t) -> YAMLEvent {
        let start = mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(start)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", mark: start)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = scalar.value.map { pointer in
                String(decoding: UnsafeBufferPointer(start: pointer, count: scalar.length), as: UTF8.self)
            } ?? ""
            return .scalar(value: value, anchor: string(scalar.anchor), tag: string(scalar.tag),
                           plain: scalar.style == YAML_PLAIN_SCALAR_STYLE, mark: start)
        case YAML_SEQUENCE_START_EVENT:
            let sequence = event.data.sequence_start
            return .sequenceStart(anchor: string(sequence.anchor), tag: string(sequence.tag), mark: start)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let mapping = event.data.mapping_start
            return .mappingStart(anchor: string(mapping.anchor), tag: string(mapping.tag), mark: start)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .streamEnd
        }
    }
}
