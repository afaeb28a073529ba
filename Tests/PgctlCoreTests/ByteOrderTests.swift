@testable import PgctlCore
import Testing

@Suite("Service names in byte order")
struct ByteOrderTests {
    @Test("precedesInByteOrder agrees with comparing the UTF-8 sequences")
    func agreesWithUTF8() {
        let names = ["", "a", "B", "b", "ab", "a b", ".hidden", "web", "web2", "é", "e\u{301}", "z", "日本", "svc10", "svc9", "Ω"]
        for left in names {
            for right in names {
                #expect(left.precedesInByteOrder(right) == left.utf8.lexicographicallyPrecedes(right.utf8),
                        "\(left) vs \(right)")
            }
        }
    }
}
