import Foundation

/// Locates the executables built by this package (next to the test bundle) and the real s6.
public enum Executables {
    /// The build products directory: the nearest ancestor of the running test binary that
    /// contains `s6-supervise`.
    public static let productsDirectory: URL = {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            url = URL(fileURLWithPath: exe)
        }
        var dir = url.deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("s6-supervise").path) {
                return dir
            }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("cannot find the built s6-supervise above \(url.path); run `swift build` first")
    }()

    /// The absolute path of one of our executables, e.g. `s6-supervise` or `pgctl`.
    public static func ours(_ name: String) -> String {
        productsDirectory.appendingPathComponent(name).path
    }
}

/// The real s6 2.11 tools, when installed (CI installs them; compatibility tests skip otherwise).
public enum RealS6 {
    /// Where Debian installs s6.
    public static let binDirectory = "/usr/bin"

    /// Whether the real s6 tools are installed.
    public static let isInstalled: Bool =
        ["s6-supervise", "s6-svc", "s6-svstat", "s6-svok", "s6-svwait"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: "\(binDirectory)/\($0)")
        }

    /// The absolute path of a real s6 tool.
    public static func tool(_ name: String) -> String { "\(binDirectory)/\(name)" }

    /// The reason shown when a test is skipped.
    public static let skipReason: Comment = "the real s6 tools are not installed (apt-get install -y s6)"
}

import Testing
