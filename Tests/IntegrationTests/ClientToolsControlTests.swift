import Foundation
import SuperviseStatus
import TestSupport
import Testing

/// `s6-svc` delivers its command letters, in order, to live supervisors.
extension ClientToolsIntegration {
    @Suite("s6-svc commands") struct Commands {
        /// A `run` that writes the name of every signal it gets into `received`, one per line.
        static let trappingRun = """
            for s in HUP INT QUIT USR1 USR2 ALRM TERM WINCH ABRT; do trap "echo $s >> received" $s; done
            echo started > started
            while :; do sleep 1000 & wait $!; done
            """

        func received(_ sandbox: ServiceSandbox) -> [String] {
            sandbox.read("received").split(separator: "\n").map(String.init)
        }

        /// The shell runs pending traps by signal number, so only the set of signals received
        /// per command is observable here; the byte order itself is checked on a FIFO by
        /// `ControlSenderTests` and by the supervisor's own tests.
        @Test(arguments: SupervisorKind.available)
        func signalLetters(kind: SupervisorKind) throws {
            try withClientService(kind, run: Self.trappingRun) { sandbox in
                try waitUntil("run to install its traps") { sandbox.read("started") == "started\n" }
                var expected: [String] = []
                for source in ClientSource.available {
                    for (letters, signals) in [("-12a", ["USR1", "USR2", "ALRM"]), ("-hiqybt", ["HUP", "INT", "QUIT", "WINCH", "ABRT", "TERM"])] {
                        try source.expect("s6-svc", [letters, sandbox.directory], exit: 0)
                        expected += signals.sorted()
                        try waitUntil("\(expected.count) signals (got \(received(sandbox)))") { received(sandbox).count >= expected.count }
                        let got = received(sandbox)
                        #expect(got.count == expected.count && Array(got.suffix(signals.count)).sorted() == signals.sorted(),
                                "\(source) \(letters): \(got)")
                    }
                }
                #expect(try sandbox.status().isUp, "none of these signals killed the trapping run")
            }
        }

        /// `-dx` (what `pgctl stop` sends): down, then the supervisor exits.
        @Test(arguments: SupervisorKind.available)
        func downAndExit(kind: SupervisorKind) throws {
            for source in ClientSource.available {
                try withClientService(kind, start: false) { sandbox in
                    let supervisor = try sandbox.start(executable: kind.executable)
                    try sandbox.waitUntilRunning()
                    let listener = try sandbox.listen()
                    try source.expect("s6-svc", ["-dx", sandbox.directory], exit: 0)
                    try listener.waitFor("x")
                    #expect(listener.received.hasSuffix("dDx"), "events: \(listener.received)")
                    #expect(try supervisor.waitForExit() == 0)
                    try source.expect("s6-svok", [sandbox.directory], exit: 1)
                }
            }
        }

        /// Up to 62 command bytes go out in one write; the supervisor applies them in order.
        @Test(arguments: SupervisorKind.available)
        func sixtyTwoCommands(kind: SupervisorKind) throws {
            for source in ClientSource.available {
                try withClientService(kind, files: ["down": ""]) { sandbox in
                    let letters = String(repeating: "O", count: 61) + "u"
                    try source.expect("s6-svc", ["-" + letters, sandbox.directory], exit: 0)
                    try sandbox.waitUntilRunning()
                    #expect(try sandbox.status().flags.contains(.wantUp), "the u came last")
                }
            }
        }
    }
}
