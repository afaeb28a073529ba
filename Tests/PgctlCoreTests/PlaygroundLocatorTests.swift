import Foundation
@testable import PgctlCore
import Testing

@Suite("Playground discovery and services")
struct PlaygroundLocatorTests {
    @Test("found from the project root, a subdirectory, the playground itself and a service (spec §1.1)")
    func upward() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.directory("proj/playground/web")
        try tree.directory("proj/src/deep")
        let expected = Playground(path: tree.root + "/proj/playground")
        for start in ["proj", "proj/src/deep", "proj/playground", "proj/playground/web"] {
            #expect(PlaygroundLocator.find(pgdir: "playground", workingDirectory: tree.root + "/" + start) == expected)
        }
        #expect(PlaygroundLocator.find(pgdir: "playground", workingDirectory: tree.root) == nil)
    }

    @Test("the nearest playground wins; a file named like the playground does not count")
    func nearest() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.directory("outer/pg")
        try tree.directory("outer/inner/x")
        try tree.file("outer/inner/pg", "not a directory")
        try tree.directory("outer/inner/x/pg")
        #expect(PlaygroundLocator.find(pgdir: "pg", workingDirectory: tree.root + "/outer/inner/x")?.path
                == tree.root + "/outer/inner/x/pg")
        #expect(PlaygroundLocator.find(pgdir: "pg", workingDirectory: tree.root + "/outer/inner")?.path
                == tree.root + "/outer/pg")
    }

    @Test("an absolute pgdir is used directly and must be a directory")
    func absolute() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        let pg = try tree.directory("somewhere/pg")
        #expect(PlaygroundLocator.find(pgdir: pg + "/", workingDirectory: "/") == Playground(path: pg))
        #expect(PlaygroundLocator.find(pgdir: tree.root + "/missing", workingDirectory: pg) == nil)
        #expect(throws: PgctlError("could not find any directory named '\(tree.root)/missing'")) {
            try PlaygroundLocator.require(pgdir: tree.root + "/missing", workingDirectory: pg)
        }
    }

    @Test("the walk stops before a parent on another file system (injected devices)")
    func filesystemBoundaryInjected() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        try tree.directory("playground")
        let mount = try tree.directory("mnt/work")
        let devices: DirectoryWalk.DeviceLookup = { path in
            path.hasPrefix(tree.root + "/mnt") ? 2 : 1
        }
        #expect(DirectoryWalk.upward(from: mount, device: devices) == [mount, tree.root + "/mnt"])
        #expect(PlaygroundLocator.find(pgdir: "playground", workingDirectory: mount, device: devices) == nil)
        #expect(PlaygroundLocator.find(pgdir: "playground", workingDirectory: mount, device: { _ in 1 })?.path
                == tree.root + "/playground")
    }

    @Test("the walk really stops at a mount point (/proc is its own file system)")
    func filesystemBoundaryReal() throws {
        guard let proc = DirectoryWalk.deviceID(of: "/proc/self"), let root = DirectoryWalk.deviceID(of: "/"),
              proc != root else { return }
        let walk = DirectoryWalk.upward(from: "/proc/sys/kernel")
        #expect(walk.last != "/")
        #expect(walk.first == "/proc/sys/kernel")
        #expect(walk.allSatisfy { DirectoryWalk.deviceID(of: $0) == DirectoryWalk.deviceID(of: "/proc/sys/kernel") })
    }

    @Test("the walk ends with / when everything is on one file system")
    func toRoot() {
        #expect(DirectoryWalk.upward(from: "/a/b", device: { _ in 7 }) == ["/a/b", "/a", "/"])
        #expect(DirectoryWalk.upward(from: "/a/b", device: { _ in nil }) == ["/a/b"])
    }

    @Test("services: directories only, sorted by bytes, hidden ones included, symlinked directories count")
    func services() throws {
        let tree = try ConfigTestTree()
        defer { tree.remove() }
        for name in ["web", "B", "a", ".hidden", "é"] { try tree.directory("pg/" + name) }
        try tree.file("pg/pre-start", "#!/bin/sh\n")
        try tree.file("pg/README", "")
        try tree.directory("elsewhere/real")
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/pg/linked",
                                                   withDestinationPath: tree.root + "/elsewhere/real")
        // Links to files and dangling links are not services (readdir says "link": stat'ed).
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/pg/to-file",
                                                   withDestinationPath: tree.root + "/pg/README")
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/pg/dangling",
                                                   withDestinationPath: tree.root + "/nowhere")
        let services = try Playground(path: tree.root + "/pg").services()
        #expect(services.map(\.name) == [".hidden", "B", "a", "linked", "web", "é"])
        #expect(services.first?.path == tree.root + "/pg/.hidden")
    }

    @Test("an unreadable playground is an error naming it")
    func unreadable() throws {
        let error = #expect(throws: PgctlError.self) { try Playground(path: "/no/such/playground").services() }
        #expect(error?.message == "/no/such/playground: cannot list the playground: No such file or directory")
    }
}
