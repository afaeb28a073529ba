import Testing
import TestSupport

/// The parser against Python argparse: every recorded case gives argparse's outcome (unless
/// listed in ``ArgparseReference/deviations``), and, when python3 is present, the recording
/// still matches what Python prints.
@Suite("ArgumentParser against Python argparse")
struct ArgparseComparisonTests {
    @Test("each recorded case parses as argparse parsed it", arguments: ArgparseReference.recorded)
    func recordedCase(_ recorded: ArgparseReference.Case) {
        let ours = ArgparseReference.describe(recorded.arguments, parser: recorded.parser)
        let expected = ArgparseReference.deviations[recorded.description] ?? recorded.outcome
        #expect(ours == expected, "\(recorded)")
    }

    @Test("the recording is what python3's argparse prints today (skipped without Python 3.11)")
    func recordingIsCurrent() throws {
        // Later Pythons changed argparse's handling of `--` and of intermixed positionals.
        let probe = try? Command.run("/usr/bin/env", ["python3", "-c", "import sys; print(sys.version_info[:2] == (3, 11))"])
        guard probe?.stdout == "True\n" else { return }
        let byParser = Dictionary(grouping: ArgparseReference.recorded, by: \.parser)
        for (parser, cases) in byParser {
            let encoded = cases.map { case_ in
                ([String(case_.arguments.count)] + case_.arguments).joined(separator: "\u{1f}")
            }.joined(separator: "\u{1e}")
            let result = try Command.run("/usr/bin/env", ["python3", "-c", ArgparseReference.script, parser, encoded])
            #expect(result.exitCode == 0, "\(result)")
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, case_) in cases.enumerated() {
                #expect(index < lines.count && lines[index] == case_.outcome, "\(case_)")
            }
        }
    }
}
