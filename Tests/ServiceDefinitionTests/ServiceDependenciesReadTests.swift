import ServiceDefinition
import SuperviseSystem
import TestSupport
import Testing

/// ``ServiceDependencies/read(serviceDirectory:)``: both declaration forms, and bad
/// declarations as typed errors naming the file and carrying the errno where a system call or a
/// refused link is the cause.
@Suite("ServiceDefinition: dependency declarations")
struct ServiceDependenciesReadTests {
    /// A service directory `web` inside a fresh temporary directory.
    static func service() throws -> (temp: TemporaryDirectory, path: String) {
        let temp = try TemporaryDirectory()
        let path = temp.child("web")
        try FileSystem.makeDirectory(path, mode: 0o755)
        return (temp, path)
    }

    @Test("none declared: an empty value, not an error")
    func none() throws {
        let (temp, path) = try Self.service()
        defer { temp.remove() }
        #expect(try ServiceDependencies.read(serviceDirectory: path).declarations.isEmpty)
    }

    @Test("dependencies.d entries in byte order (hidden ones skipped), then the file's lines in order")
    func bothForms() throws {
        let (temp, path) = try Self.service()
        defer { temp.remove() }
        try FileSystem.makeDirectory(path + "/dependencies.d", mode: 0o755)
        for name in ["db", "cache", ".swp"] { try ServiceDirectoryBuilder.write(path + "/dependencies.d/" + name, "") }
        try ServiceDirectoryBuilder.write(path + "/dependencies", "# what web needs\nqueue\n\n  db  \n")
        let read = try ServiceDependencies.read(serviceDirectory: path)
        #expect(read.declarations.map(\.name) == ["cache", "db", "queue", "db"])
        #expect(read.declarations.map(\.file) == [path + "/dependencies.d/cache", path + "/dependencies.d/db",
                                                    path + "/dependencies", path + "/dependencies"])
        #expect(read.names == ["cache", "db", "queue"])
    }

    @Test("a link at dependencies.d or dependencies is refused, never followed: ELOOP, named")
    func links() throws {
        for name in ServiceDependencies.fileNames {
            let (temp, path) = try Self.service()
            defer { temp.remove() }
            try FileSystem.makeDirectory(temp.child("elsewhere"), mode: 0o755)
            try ServiceDirectoryBuilder.write(temp.child("list"), "db\n")
            try FileSystem.makeSymbolicLink(name == "dependencies" ? temp.child("list") : temp.child("elsewhere"), at: path + "/" + name)
            let error = try #require(throws: ServiceDependenciesError.self) { try ServiceDependencies.read(serviceDirectory: path) }
            #expect(error.file == path + "/" + name)
            #expect(error.problem == .unreadable(.symbolicLink))
            #expect(error.errno == .symbolicLinkLoop)
            #expect(error.description == "\(path)/\(name): cannot be read: it is a symbolic link (not followed)")
        }
    }

    @Test("the wrong kind: a file named dependencies.d, a directory named dependencies")
    func wrongKinds() throws {
        let (temp, path) = try Self.service()
        defer { temp.remove() }
        try ServiceDirectoryBuilder.write(path + "/dependencies.d", "db\n")
        let notDirectory = try #require(throws: ServiceDependenciesError.self) { try ServiceDependencies.read(serviceDirectory: path) }
        #expect(notDirectory.problem == .unreadable(.wrongKind(expected: .directory, found: .regular)))
        #expect(notDirectory.errno == .notDirectory)
        #expect(notDirectory.reason == "cannot be read: it is not a directory")

        try FileSystem.unlink(path + "/dependencies.d")
        try FileSystem.makeDirectory(path + "/dependencies", mode: 0o755)
        let notFile = try #require(throws: ServiceDependenciesError.self) { try ServiceDependencies.read(serviceDirectory: path) }
        #expect(notFile.file == path + "/dependencies")
        #expect(notFile.reason == "cannot be read: it is not a regular file")
        #expect(notFile.errno != nil)
    }

    @Test("names: a path or the service itself is refused, naming the declaring file; no errno")
    func badNames() throws {
        let (temp, path) = try Self.service()
        defer { temp.remove() }
        try ServiceDirectoryBuilder.write(path + "/dependencies", "../db\n")
        let slash = try #require(throws: ServiceDependenciesError.self) { try ServiceDependencies.read(serviceDirectory: path) }
        #expect(slash.problem == .nameWithSlash("../db"))
        #expect(slash.errno == nil)
        try ServiceDirectoryBuilder.write(path + "/dependencies", "web\n")
        let itself = try #require(throws: ServiceDependenciesError.self) { try ServiceDependencies.read(serviceDirectory: path) }
        #expect(itself.problem == .dependsOnItself("web"))
        #expect(itself.file == path + "/dependencies")
    }
}
