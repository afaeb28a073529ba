/// Fixed-point decimal text of a `Double`, digit for digit what C's `printf("%.<n>f")` (and so
/// Python's `'%.2f' %` and Foundation's `String(format:)`) prints, in integer arithmetic.
public enum DecimalText {
    /// `value` with `digits` decimals (0…15), rounded as printf rounds: to the nearest, the
    /// exact binary value deciding, an exact tie to even. `-0.00` for a negative value that
    /// rounds to zero, `nan`, `inf`, `-inf` as printf prints them.
    public static func fixed(_ value: Double, digits: Int) -> String {
        precondition((0...15).contains(digits), "DecimalText supports 0 to 15 decimals")
        let sign = value.sign == .minus ? "-" : ""
        if value.isNaN { return sign + "nan" }
        if value.isInfinite { return sign + "inf" }
        let scale = power(of: 10, digits)
        let magnitude = value.magnitude
        // magnitude = significand × 2^exponent exactly, significand < 2^53 (subnormals: no
        // implicit leading bit, the smallest normal exponent).
        let significand = UInt128(magnitude.significandBitPattern) | (magnitude.isNormal ? UInt128(1) << Double.significandBitCount : 0)
        let exponent = Int((magnitude.isNormal ? magnitude : .leastNormalMagnitude).exponent) - Double.significandBitCount
        let scaled: UInt128  // magnitude × 10^digits, rounded
        if magnitude == 0 {
            scaled = 0
        } else if exponent >= 0 {
            guard exponent + 53 + 50 < 128 else { return sign + "\(magnitude)" }  // 2^77 and more: not printf-exact, never used
            scaled = (significand << exponent) * scale
        } else {
            let shift = -exponent
            let numerator = significand * scale  // < 2^103
            if shift >= 104 {
                scaled = 0  // below half a unit of the last digit
            } else {
                var quotient = numerator >> shift
                let remainder = numerator & ((UInt128(1) << shift) - 1)
                let half = UInt128(1) << (shift - 1)
                if remainder > half || (remainder == half && quotient & 1 == 1) { quotient += 1 }
                scaled = quotient
            }
        }
        let whole = scaled / scale
        guard digits > 0 else { return sign + "\(whole)" }
        let fraction = String(scaled % scale)
        return sign + "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    private static func power(of base: UInt128, _ exponent: Int) -> UInt128 {
        (0..<exponent).reduce(1) { result, _ in result * base }
    }
}
