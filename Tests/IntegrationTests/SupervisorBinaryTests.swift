import Foundation
import TestSupport
import Testing

extension SupervisorIntegration {
    /// What the built supervisor executable links.
    @Suite("The s6-supervise executable")
    struct BinaryTests {
        @Test("it contains no Foundation code and is statically linked (no ld.so, no libswiftCore.so)")
        func noFoundation() throws {
            let bytes = try FixtureFiles.bytes(Executables.ours("s6-supervise"))
            func contains(_ text: String) -> Bool {
                let needle = Array(text.utf8)
                guard let first = needle.first else { return false }
                var index = 0
                while let found = bytes[index...].firstIndex(of: first) {
                    if bytes[found...].starts(with: needle) { return true }
                    index = found + 1
                }
                return false
            }
            #expect(!contains("10Foundation"), "no symbol of the Foundation module")
            #expect(!contains("libFoundation"))
            #expect(!contains("libswiftCore.so"), "the Swift runtime is linked in, not loaded")
            #expect(!contains("/lib64/ld-linux"), "no program interpreter: a static executable")
        }
    }
}
