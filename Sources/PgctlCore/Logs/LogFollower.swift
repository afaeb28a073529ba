import SuperviseSystem

/// `pgctl log` on a terminal (spec §2.6, like `tail --follow=name --retry`): after the last 30
/// lines of each log, keeps printing new lines as they arrive, with a `==> file <==` header
/// whenever the file being printed changes; follows rotation and files that appear later.
/// Runs until interrupted (SIGINT/SIGTERM end the process; the terminal is never altered).
public struct LogFollower {
    /// The followed files: display name and path.
    public let files: [(name: String, path: String)]
    /// How often the files are checked.
    public var interval: Double = 0.1
    private let feeds: [LogFeed]

    /// Starts following `files` at their current ends. Create the follower *before* printing
    /// the files' last lines, so that nothing written in between is missed.
    public init(files: [(name: String, path: String)]) {
        self.files = files
        feeds = files.map { LogFeed(path: $0.path, initialLines: 0) }
        for feed in feeds { _ = feed.readNewLines() }
    }

    /// Follows forever, writing through `write`.
    public func run(write: (String) -> Void) -> Never {
        var lastShown = files.count - 1
        while true {
            for (index, feed) in feeds.enumerated() {
                let lines = feed.readNewLines()
                guard !lines.isEmpty else { continue }
                var text = index == lastShown ? "" : "\n==> \(files[index].name) <==\n"
                for line in lines { text += line + "\n" }
                write(text)
                lastShown = index
            }
            Sleeping.sleep(seconds: interval)
        }
    }
}
