import Glibc
import SuperviseStatus
import Testing

/// `DecimalText.fixed` against the C library's own `%.<n>f`.
struct DecimalTextTests {
    /// What glibc's `snprintf("%.<digits>f")` prints.
    static func printf(_ value: Double, _ digits: Int) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        _ = withVaList([Int32(digits), value]) { vsnprintf(&buffer, buffer.count, "%.*f", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test(arguments: [
        (0.125, 2, "0.12"), (0.375, 2, "0.38"), (2.675, 2, "2.67"), (1.005, 2, "1.00"),
        (0.5, 0, "0"), (1.5, 0, "2"), (2.5, 0, "2"), (-0.001, 2, "-0.00"), (-0.0, 2, "-0.00"),
        (0, 2, "0.00"), (3600, 2, "3600.00"), (1.75, 1, "1.8"), (1.05, 1, "1.1"), (0.000_000_5, 6, "0.000000"),
        (0.000_000_51, 6, "0.000001"), (31_536_000.123_456, 6, "31536000.123456"), (1e20, 2, "100000000000000000000.00"),
        (.infinity, 2, "inf"), (-.infinity, 2, "-inf"), (.leastNonzeroMagnitude, 2, "0.00"),
    ] as [(Double, Int, String)])
    func table(value: Double, digits: Int, expected: String) {
        #expect(DecimalText.fixed(value, digits: digits) == expected)
        #expect(Self.printf(value, digits) == expected)
    }

    @Test func matchesPrintfOnRandomValues() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 0...6, using: &generator)
            let magnitude = Double.random(in: -3...7, using: &generator)
            let value = (Bool.random(using: &generator) ? -1 : 1) * Double.random(in: 0...1, using: &generator) * pow(10, magnitude)
            #expect(DecimalText.fixed(value, digits: digits) == Self.printf(value, digits), "\(value) with \(digits) decimals")
        }
        // Exact decimal ties and their neighbours, where rounding is decided.
        for hundredths in 0..<5_000 {
            let tie = (Double(hundredths) + 0.5) / 100
            for value in [tie, tie.nextUp, tie.nextDown] {
                #expect(DecimalText.fixed(value, digits: 2) == Self.printf(value, 2), "\(value)")
            }
        }
    }
}
