/// The embedded log viewer shown on stderr while `pgctl start`/`stop` wait (spec §2.13).
///
/// Each ``update(messages:pending:columns:)`` with news redraws in a single write: move the
/// cursor up over the previous title and box, clear to the end of the screen, print the new
/// `[pgctl] …` message lines (they stay on screen above the box), then the title
/// `Still starting: a, b` and the box. Auto-wrap is disabled and the cursor hidden while
/// drawing, and both are restored at the end of every draw, so an interrupted pgctl leaves the
/// terminal usable.
public final class LiveLogViewer {
    /// `starting` or `stopping` (used in the title and the final line).
    public let verb: String
    /// The word for the final line: `started`, `stopped`, `stopped logger for`.
    public let doneWord: String
    private var box: LogBox
    private var feeds: [String: LogFeed]
    private var drawnLines = 0
    private var lastColumns = -1
    private let write: (String) -> Void

    /// Creates a viewer over the logs of `services` (name → `logs/current` path), starting
    /// with the last 10 lines of each. `write` receives each complete redraw.
    public init(verb: String, doneWord: String, services: [(name: String, logFile: String)],
                height: Int = 20, write: @escaping (String) -> Void) {
        self.verb = verb
        self.doneWord = doneWord
        self.write = write
        box = LogBox(height: height)
        feeds = [:]
        for service in services {
            let feed = LogFeed(path: service.logFile, initialLines: 10)
            feeds[service.name] = feed
        }
        // Old lines first, in service order.
        for service in services {
            for line in feeds[service.name]?.readNewLines() ?? [] { box.append(service: service.name, line: line) }
        }
    }

    /// Reads new log lines of the `pending` services and redraws if there is any news: new
    /// `messages`, new lines, or a changed terminal width.
    public func update(messages: [String], pending: [String], columns: Int) {
        var news = !messages.isEmpty || columns != lastColumns || drawnLines == 0
        for name in pending {
            for line in feeds[name]?.readNewLines() ?? [] {
                box.append(service: name, line: line)
                news = true
            }
        }
        for name in feeds.keys where !pending.contains(name) { feeds[name] = nil }
        guard news else { return }
        lastColumns = columns
        var frame = "\u{1b}[?7l\u{1b}[?25l"
        if drawnLines > 0 { frame += "\u{1b}[\(drawnLines)F" }
        frame += "\u{1b}[0J"
        for message in messages { frame += message + "\n" }
        if pending.isEmpty {
            drawnLines = 0
        } else {
            frame += "Still \(verb): " + pending.sorted().joined(separator: ", ") + "\n"
            for line in box.render(columns: columns) { frame += line + "\n" }
            drawnLines = box.height + 1
        }
        frame += "\u{1b}[?7h\u{1b}[?25h"
        write(frame)
    }

    /// Prints `text` (complete lines) where the box was; the box is redrawn below it at the
    /// next ``update(messages:pending:columns:)``. Everything pgctl writes to stderr while the
    /// viewer is active goes through here, so the cursor arithmetic stays right.
    public func printAbove(_ text: String) {
        var frame = ""
        if drawnLines > 0 { frame += "\u{1b}[\(drawnLines)F\u{1b}[0J" }
        frame += text
        drawnLines = 0
        write(frame)
    }

    /// Clears the box and prints the remaining messages and `[pgctl] All services have <done>`.
    public func finish(messages: [String]) {
        var frame = ""
        if drawnLines > 0 { frame += "\u{1b}[\(drawnLines)F\u{1b}[0J" }
        for message in messages { frame += message + "\n" }
        frame += "[pgctl] All services have \(doneWord)\n"
        drawnLines = 0
        write(frame)
    }
}
