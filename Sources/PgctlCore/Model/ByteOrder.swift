extension String {
    /// Whether `self` sorts before `other` comparing their UTF-8 bytes — the order of
    /// `sorted()` on Python strings (UTF-8 keeps code-point order), which pgctl 5.2.1 used for
    /// service names. Same result as `utf8.lexicographicallyPrecedes`, on the contiguous bytes
    /// instead of through the generic sequence (that was ≈ 4 % of `status` of 50 services).
    func precedesInByteOrder(_ other: String) -> Bool {
        var left = self, right = other
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                let common = Swift.min(leftBytes.count, rightBytes.count)
                var index = 0
                while index < common {
                    if leftBytes[index] != rightBytes[index] { return leftBytes[index] < rightBytes[index] }
                    index += 1
                }
                return leftBytes.count < rightBytes.count
            }
        }
    }
}
