import Foundation

/// Paths of the repository's top-level `Fixtures/` directory, found from this source file.
public enum FixtureFiles {
    /// The `Fixtures/` directory of the repository.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() } // Tests/TestSupport/Fixtures.swift
        return url.appendingPathComponent("Fixtures").path
    }()

    /// `Fixtures/s6-captures/<name>`: files written by a real s6-supervise 2.11.
    public static func s6Capture(_ name: String) -> String { root + "/s6-captures/" + name }

    /// The bytes of a fixture file.
    public static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The text of a fixture file, without its trailing newline.
    public static func text(_ path: String) throws -> String {
        var text = try String(contentsOfFile: path, encoding: .utf8)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
