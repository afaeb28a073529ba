import SuperviseSystem
import Testing

/// The import rules of docs/design.md, checked on every `swift test`: no file under
/// `Sources/` imports Foundation, and only SuperviseSystem (the typed syscall layer) imports
/// Glibc or CSupervise.
struct SourceRulesTests {
    /// Files still breaking a rule, with the reason. Remove an entry as soon as its file is
    /// fixed: the test also fails on an entry that is no longer needed.
    static let allowed: [String: Set<String>] = [:]

    /// The package root, from this file's path (`<root>/Tests/IntegrationTests/…`).
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    /// Every `.swift` file below `directory`, as paths relative to ``root``.
    static func swiftFiles(below directory: String) throws -> [String] {
        var found: [String] = []
        for name in try FileSystem.directoryEntries(root + "/" + directory).sorted() {
            let path = directory + "/" + name
            switch try FileSystem.kind(of: root + "/" + path) {
            case .directory: found += try swiftFiles(below: path)
            case .regular where name.hasSuffix(".swift"): found.append(path)
            default: break
            }
        }
        return found
    }

    /// The modules a Swift file imports (`import X`, `@preconcurrency import X`,
    /// `import struct X.Y`, `@_exported import X`…).
    static func importedModules(_ text: String) -> Set<String> {
        var modules = Set<String>()
        for line in text.split(separator: "\n") {
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
            while let first = words.first, first.hasPrefix("@") { words = words.dropFirst() }
            guard words.first == "import", words.count >= 2 else { continue }
            words = words.dropFirst()
            let kinds: Set<Substring> = ["struct", "class", "enum", "protocol", "typealias", "func", "var", "let"]
            if let kind = words.first, kinds.contains(kind), words.count >= 2 { words = words.dropFirst() }
            if let module = words.first?.split(separator: ".").first { modules.insert(String(module)) }
        }
        return modules
    }

    /// What `path` may not import.
    static func forbidden(for path: String) -> Set<String> {
        let systemLayer = path.hasPrefix("Sources/SuperviseSystem/") || path.hasPrefix("Sources/CSupervise/")
        return systemLayer ? ["Foundation"] : ["Foundation", "Glibc", "CSupervise"]
    }

    @Test func noFoundationAndLibcOnlyThroughSuperviseSystem() throws {
        let files = try Self.swiftFiles(below: "Sources")
        #expect(files.count > 100, "found only \(files.count) files below \(Self.root)/Sources")
        var violations: [String] = []
        var used = Set<String>()
        for path in files {
            let text = String(decoding: try FileSystem.readFile(Self.root + "/" + path), as: UTF8.self)
            let broken = Self.importedModules(text).intersection(Self.forbidden(for: path))
            let excused = Self.allowed[path] ?? []
            if !broken.isEmpty && broken.isSubset(of: excused) { used.insert(path) }
            for module in broken.subtracting(excused).sorted() { violations.append("\(path) imports \(module)") }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
        let stale = Set(Self.allowed.keys).subtracting(used).sorted()
        #expect(stale.isEmpty, "allow-list entries no longer needed: \(stale.joined(separator: ", "))")
    }

    @Test func importParsing() {
        #expect(Self.importedModules("import Foundation\n@preconcurrency import Glibc\nimport struct CSupervise.x\n// import Nope\nlet imported = 1")
            == ["Foundation", "Glibc", "CSupervise"])
    }
}
