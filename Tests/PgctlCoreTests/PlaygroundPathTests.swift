@testable import PgctlCore
import Testing

@Suite("Path normalisation and display")
struct PlaygroundPathTests {
    @Test("lexical normalisation", arguments: [
        ("/a//b/./c/../", "/a/b"), ("./sleep", "sleep"), ("sleep/", "sleep"), ("", "."), (".", "."),
        ("a/../..", ".."), ("/..", "/"), ("/", "/"), ("../x/./y", "../x/y"), ("//a", "/a"),
        ("/a/b/", "/a/b"), ("/a/./b", "/a/b"), ("/a/b/.", "/a/b"), ("/a/b/..", "/a"), ("/a/...", "/a/..."),
        ("/a/.b/..c", "/a/.b/..c"), ("/.", "/"), ("/p/playground/web", "/p/playground/web"),
    ])
    func normalize(path: String, expected: String) {
        #expect(PathNormalizer.normalize(path) == expected)
    }

    @Test("the already-normal check agrees with normalisation", arguments: [
        "/", "//", "/a", "/a/", "/a//b", "/a/./b", "/a/../b", "/.", "/..", "/...", "/a/.b", "/a/..b/c",
        "a", "./a", "", "/é/ü", "/a/b/c.d/e",
    ])
    func normalCheck(path: String) {
        let normal = PathNormalizer.isNormalAbsolute(path)
        #expect(normal == (path.hasPrefix("/") && PathNormalizer.normalize(path + "/x/..") == path),
                "\(path): \(normal)")
    }

    @Test("join, parent and basename")
    func joinParentBasename() {
        #expect(PathNormalizer.join("/p/playground", "./web") == "/p/playground/web")
        #expect(PathNormalizer.join("/p/playground", "/abs/svc") == "/abs/svc")
        #expect(PathNormalizer.join("/", "etc") == "/etc")
        #expect(PathNormalizer.parent(of: "/a/b") == "/a")
        #expect(PathNormalizer.parent(of: "/a") == "/")
        #expect(PathNormalizer.parent(of: "/") == "/")
        #expect(PathNormalizer.basename(of: "/p/playground/web/") == "web")
    }

    @Test("relative display only under the base (spec §9.69)", arguments: [
        ("/a/b/c", "/a/b", "c"), ("/a/b/c/d", "/a/b", "c/d"), ("/a/bc", "/a/b", "/a/bc"), ("/x/y", "/a/b", "/x/y"),
        ("/a/b", "/a/b", "."), ("/a/b", "/", "a/b"), ("/a", "/a/b", "/a"),
    ])
    func relative(path: String, base: String, expected: String) {
        #expect(PathDisplay.relative(path, to: base) == expected)
    }

    @Test("unique keeps first occurrences in order (spec §9.69)")
    func unique() {
        #expect([3, 1, 3, 2, 1].uniquedKeepingFirst() == [3, 1, 2])
        #expect([String]().uniquedKeepingFirst().isEmpty)
    }

    @Test("pghome: ~ expanded against $HOME, made absolute and normalised")
    func pghome() {
        let environment = ["HOME": "/home/u"]
        #expect(Pghome.resolve("~/.run/pgctl", environment: environment, workingDirectory: "/w") == "/home/u/.run/pgctl")
        #expect(Pghome.resolve("~", environment: environment, workingDirectory: "/w") == "/home/u")
        #expect(Pghome.resolve("/run/user/1/pgctl/", environment: environment, workingDirectory: "/w") == "/run/user/1/pgctl")
        #expect(Pghome.resolve("state", environment: environment, workingDirectory: "/w") == "/w/state")
        #expect(Pghome.expandTilde("~no-such-user-here/x", environment: environment) == "~no-such-user-here/x")
        #expect(Pghome.expandTilde("~root/x", environment: environment) == "/root/x")
    }
}
