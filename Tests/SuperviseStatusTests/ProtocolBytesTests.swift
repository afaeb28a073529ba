import SuperviseStatus
import Testing

@Suite("Control and event bytes, signal names")
struct ProtocolBytesTests {
    @Test("the command set is exactly s6-svc's `abqhkti12pcyroduDUxOQ`")
    func commandLetters() {
        let letters = Set(ControlCommand.allCases.map(\.letter))
        #expect(letters == Set("abqhkti12pcyroduDUxOQ"))
        for byte in UInt8.min...UInt8.max {
            let accepted = ControlCommand(rawValue: byte) != nil
            #expect(accepted == "abqhkti12pcyroduDUxOQ".utf8.contains(byte))
        }
        #expect(ControlCommand(letter: "é") == nil)
        #expect(ControlCommand(letter: "s") == nil)
    }

    @Test("signal commands map to their signals, the others to none")
    func deliveredSignals() {
        let expected: [Character: Int32] = ["a": 14, "b": 6, "q": 3, "h": 1, "k": 9, "t": 15, "i": 2, "1": 10, "2": 12, "y": 28]
        for command in ControlCommand.allCases {
            #expect(command.deliveredSignal == expected[command.letter], "\(command.letter)")
        }
    }

    @Test("event bytes: s u U d D O x")
    func eventBytes() {
        #expect(String(decoding: SupervisorEvent.allCases.map(\.rawValue), as: UTF8.self) == "suUdDOx")
    }

    @Test("signal names: first table match wins, unknown is ???",
          arguments: [(Int32(6), "ABRT"), (29, "POLL"), (31, "SYS"), (16, "STKFLT"), (17, "CHLD"), (15, "TERM"), (40, "???"), (0, "???")])
    func names(_ pair: (Int32, String)) {
        #expect(SignalNames.name(of: pair.0) == pair.1)
    }

    @Test("down-signal parsing accepts names in any case, SIG prefix, decimal numbers",
          arguments: [("usr2", Int32(12)), ("SIGUSR2", 12), ("12", 12), ("USR2", 12), ("sigterm", 15), ("hup", 1),
                      ("iot", 6), ("SiGhUp", 1), ("99", 99)])
    func parseAccepted(_ pair: (String, Int32)) {
        #expect(SignalNames.parse(pair.0) == pair.1)
    }

    @Test("down-signal parsing rejects anything else",
          arguments: ["FOO", "  12", "SIGUSR2 extra", "", "sig12", "0x0c", "SIG", "12a", "USR2\r", "99999999999999"])
    func parseRejected(_ text: String) {
        #expect(SignalNames.parse(text) == nil)
    }
}
