import ServiceDefinition
import Supervise
import SuperviseStatus
import Testing

/// Parsing of the small configuration files, as s6-supervise 2.11 does it (§1.1).
@Suite("ServiceFiles parsing, listener names")
struct ServiceFilesTests {
    @Test("unsigned decimal on the first line", arguments: [
        ("3", UInt64(3)), ("3\n", 3), ("5000\ntrailing", 5000), ("0", 0), ("00012", 12), ("99999999999", 99_999_999_999),
    ])
    func accepted(_ pair: (String, UInt64)) {
        #expect(NumberFile.parseUnsigned(Array(pair.0.utf8)) == pair.1)
    }

    @Test("anything else is invalid", arguments: ["", "\n", " 3", "3 ", "-1", "+1", "0x10", "3\r\n", "1e3", "abc", "18446744073709551616"])
    func rejected(_ text: String) {
        #expect(NumberFile.parseUnsigned(Array(text.utf8)) == nil)
    }

    @Test("listener FIFO names: ftrig1:@ prefix and exactly 39 bytes")
    func listenerNames() {
        #expect(EventFifoDir.isListenerName("ftrig1:@400000006b0b9e773b4d9d26:abcdef"))
        #expect(EventFifoDir.isListenerName("ftrig1:@xxxxxxxxxxxxxxxxxxxxxxxx:______"), "the rest is not validated")
        #expect(!EventFifoDir.isListenerName("ftrig1:@400000006b0b9e773b4d9d26:abcde"))
        #expect(!EventFifoDir.isListenerName("ftrig1:@400000006b0b9e773b4d9d26:abcdefg"))
        #expect(!EventFifoDir.isListenerName(".ftrig1:@400000006b0b9e773b4d9d26:abcde"))
        #expect(!EventFifoDir.isListenerName("other"))
    }
}
