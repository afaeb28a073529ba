import Foundation
import Testing
import TestSupport

/// Bad dependency declarations (issue 12): a clear error naming the file (or the configuration
/// file and key), exit 1, and nothing started or stopped.
@Suite("pgctl service dependencies: bad input (end to end)", .serialized, .timeLimit(.minutes(5)))
struct PgctlDependencyErrorTests {
    /// One bad declaration: how to make it, and the message (`ROOT` stands for the project root).
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var files: [String: String]
        var links: [String: String] = [:]
        /// Removed first.
        var removed: [String] = []
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a cycle",
             files: ["playground/a/run": "#!/bin/sh\nexec sleep infinity\n", "playground/a/dependencies": "b\n",
                     "playground/b/run": "#!/bin/sh\nexec sleep infinity\n", "playground/b/dependencies": "c\n",
                     "playground/c/run": "#!/bin/sh\nexec sleep infinity\n", "playground/c/dependencies.d/a": ""],
             message: "dependency cycle: a -> b -> c -> a"),
        Case(name: "an unknown name in dependencies.d/", files: ["playground/web/dependencies.d/nosuchdb": ""],
             message: "playground/web/dependencies.d/nosuchdb: no such service 'nosuchdb'"),
        Case(name: "an unknown name in dependencies", files: ["playground/web/dependencies": "cache\nnosuchdb\n"],
             message: "playground/web/dependencies: no such service 'nosuchdb'"),
        Case(name: "an unknown name in the dependencies key",
             files: ["pgctl.yaml": "dependencies:\n  front: [web, nosuchdb]\n"],
             message: "ROOT/pgctl.yaml: 'dependencies.front': no such service 'nosuchdb'"),
        Case(name: "an unknown service as a key of the dependencies key",
             files: ["pgctl.yaml": "dependencies:\n  nosuch: [web]\n"],
             message: "ROOT/pgctl.yaml: 'dependencies.nosuch': no such service 'nosuch'"),
        Case(name: "an alias", files: ["playground/web/dependencies": "cache\npair\n"],
             message: "playground/web/dependencies: 'pair' is an alias, not a service (aliases cannot be dependencies: name its services)"),
        Case(name: "a name with a slash", files: ["playground/web/dependencies": "../web/db\n"],
             message: "playground/web/dependencies: '../web/db' is not a service name: a dependency names a service of the same playground, without '/'"),
        Case(name: "a name with a slash in the dependencies key", files: ["pgctl.yaml": "dependencies:\n  front: [playground/web]\n"],
             message: "ROOT/pgctl.yaml: 'dependencies.front': 'playground/web' is not a service name: a dependency names a service of the same playground, without '/'"),
        Case(name: "a service depending on itself", files: ["playground/web/dependencies.d/web": ""],
             message: "playground/web/dependencies.d/web: service 'web' depends on itself"),
        Case(name: "a service depending on itself in the dependencies key", files: ["pgctl.yaml": "dependencies:\n  front: front\n"],
             message: "ROOT/pgctl.yaml: 'dependencies.front': service 'front' depends on itself"),
        Case(name: "a dependencies file that is a directory", files: ["playground/web/dependencies/db": ""],
             removed: ["playground/web/dependencies"],
             message: "playground/web/dependencies: cannot be read: it is not a regular file"),
        Case(name: "a dependencies file that is a symbolic link", files: [:],
             links: ["playground/web/dependencies": "/etc/hostname"],
             message: "playground/web/dependencies: cannot be read: it is a symbolic link (not followed)"),
        Case(name: "a dependencies.d that is a symbolic link", files: [:],
             links: ["playground/front/dependencies.d": "../web/dependencies.d"],
             message: "playground/front/dependencies.d: cannot be read: it is a symbolic link (not followed)"),
        Case(name: "a dependencies.d that is a file", files: ["playground/front/dependencies.d": "web\n"],
             message: "playground/front/dependencies.d: cannot be read: it is not a directory"),
        Case(name: "a dependencies key that is no mapping", files: ["pgctl.yaml": "dependencies: [web]\n"],
             message: "ROOT/pgctl.yaml: invalid value for 'dependencies': ['web'] is not a mapping of service names to lists of names"),
    ]

    @Test("start, stop and restart refuse it, naming the place; nothing starts or stops", arguments: cases)
    func refused(_ bad: Case) throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        #expect(try project.pgctl(["start", "solo"]).exitCode == 0)
        try apply(bad, to: project)
        let before = project.serviceProcesses().sorted()
        let expected = "[pgctl] ERROR: " + bad.message.replacingOccurrences(of: "ROOT", with: project.root) + "\n"
        for command in [["start"], ["start", "web"], ["stop"], ["restart", "solo"], ["debug", "web"]] {
            let run = try project.pgctl(command)
            #expect(run.exitCode == 1, "\(command): \(run)")
            #expect(run.stderr == expected, "\(command): \(run)")
            #expect(run.stdout == "", "\(command): \(run)")
        }
        // Nothing started, nothing stopped: solo runs as before, nothing else does.
        #expect(project.serviceProcesses().sorted() == before)
        #expect(project.supervisorRunning("solo"))
        #expect(project.dependencyEvents.events.allSatisfy { $0.service == "solo" && $0.kind == "run" })
    }

    @Test("an unreadable dependencies file (not as root: root reads it anyway)")
    func unreadable() throws {
        guard geteuid() != 0 else {
            print("skipped: running as root, which reads a mode-000 file")
            return
        }
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        chmod(project.service("web") + "/dependencies", 0)
        let run = try project.pgctl(["start", "web"])
        #expect(run.exitCode == 1)
        #expect(run.stderr == "[pgctl] ERROR: playground/web/dependencies: cannot be read: Permission denied\n", "\(run)")
        #expect(project.serviceProcesses().isEmpty)
    }

    @Test("status still works, showing what can be read")
    func statusDespiteBadDeclarations() throws {
        let project = try PgctlProject("dependencies")
        defer { project.cleanUp() }
        try project.write("playground/web/dependencies.d/nosuchdb", "")
        let run = try project.pgctl(["--json", "status", "web"])
        #expect(run.exitCode == 0, "\(run)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]] ?? [:]
        #expect(object["web"]?["dependencies"] as? [String] == ["cache", "db", "nosuchdb"])
    }

    private func apply(_ bad: Case, to project: PgctlProject) throws {
        for path in bad.removed { project.remove(path) }
        for (path, text) in bad.files {
            try project.write(path, text)
            if path.hasSuffix("/run") { chmod(project.root + "/" + path, 0o755) }
        }
        for (path, target) in bad.links {
            project.remove(path)
            try FileManager.default.createSymbolicLink(atPath: project.root + "/" + path, withDestinationPath: target)
        }
    }
}
