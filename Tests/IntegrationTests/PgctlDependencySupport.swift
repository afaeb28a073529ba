import Foundation
import TestSupport

/// What the services of `Fixtures/playgrounds/dependencies` recorded in `events.log`: each
/// line `<what> <service> <µs>` — `run` when its run began, `ready` when its readiness check
/// passed, `stop` when it was asked to stop. The times are the services' own clock readings.
struct DependencyEvents {
    struct Event: Equatable {
        var kind: String
        var service: String
        var micros: Int64
    }

    var events: [Event]

    init(_ project: PgctlProject) {
        let text = project.read("events.log") ?? ""
        events = text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 3, let micros = Int64(fields[2]) else { return nil }
            return Event(kind: String(fields[0]), service: String(fields[1]), micros: micros)
        }
    }

    /// The time of the `occurrence`-th (1-based) `kind` event of `service`.
    func time(_ kind: String, _ service: String, occurrence: Int = 1) -> Int64? {
        let matching = events.filter { $0.kind == kind && $0.service == service }
        return matching.count >= occurrence ? matching[occurrence - 1].micros : nil
    }

    /// How many `kind` events `service` recorded.
    func count(_ kind: String, _ service: String) -> Int {
        events.filter { $0.kind == kind && $0.service == service }.count
    }

    /// Whether `first` happened strictly before `second` (both recorded).
    func precedes(_ first: Int64?, _ second: Int64?) -> Bool {
        guard let first, let second else { return false }
        return first < second
    }
}

extension PgctlProject {
    /// Writes `text` to `relative` below the project root (creating directories).
    func write(_ relative: String, _ text: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Removes `relative` below the project root.
    func remove(_ relative: String) {
        try? FileManager.default.removeItem(atPath: root + "/" + relative)
    }

    /// The `DependencyEvents` recorded so far.
    var dependencyEvents: DependencyEvents { DependencyEvents(self) }

    /// The lines of pgctl's stderr, for comparing progress lines regardless of the order
    /// services that become ready together are reported in.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
