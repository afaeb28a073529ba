@testable import ArgumentParsing
import PgctlCore

/// The parsers of the argparse comparison, declared (as Python) in ``script`` too: pgctl's and
/// pgctl-fuser's own, and one with a negative-number-like option and a short value option.
enum ArgparseReference {
    /// One recorded parse: which parser, the arguments, and argparse's outcome written as
    /// ``describe(_:parser:)`` writes ours.
    struct Case: Sendable, CustomStringConvertible {
        let parser: String
        let arguments: [String]
        let outcome: String
        init(_ parser: String, _ arguments: [String], _ outcome: String) {
            self.parser = parser
            self.arguments = arguments
            self.outcome = outcome
        }
        var description: String { "\(parser) \(arguments)" }
    }

    /// The Swift declarations, by the names ``script`` uses.
    static let parsers: [String: ArgumentParser] = [
        // The parsers pgctl and pgctl-fuser use.
        "pgctl": PgctlCommandLine.parser,
        "pgctl-fuser": FuserCommandLine.parser,
        "numbers": ArgumentParser(
            options: [
                OptionSpec("help", names: ["-h", "--help"], action: .help),
                OptionSpec("one", names: ["-1"], action: .flag),
                OptionSpec("port", names: ["-p", "--port"], action: .value(metavar: "PORT")),
                OptionSpec("v", names: ["-v"], action: .flag),
                OptionSpec("verb", names: ["--verb"], action: .flag),
                OptionSpec("verbose", names: ["--verbose"], action: .flag),
            ],
            positionals: [PositionalSpec("name"), PositionalSpec("rest", count: .zeroOrMore)]),
    ]

    /// Our outcome in the recorded form: `help`, `version`, `error: <message>`, or `ok` and
    /// the parsed names in sorted order (flags bare, values and words as Python's `repr`),
    /// unrecognized words last as `extras=[...]`.
    static func describe(_ arguments: [String], parser name: String) -> String {
        guard let parser = parsers[name] else { return "no parser \(name)" }
        let outcome: ArgumentParser.Outcome
        do {
            outcome = try parser.parse(arguments)
        } catch {
            return "error: \(error.message)"
        }
        switch outcome {
        case .help: return "help"
        case .version: return "version"
        case .parsed(let parsed):
            var parts: [(String, String)] = parsed.flags.map { ($0, $0) }
            parts += parsed.values.map { ($0.key, $0.key + "=" + PythonRepr.of($0.value)) }
            for positional in parser.positionals {
                guard let words = parsed.positionals[positional.name] else { continue }
                let shown = positional.count == .one ? PythonRepr.of(words[0].text) : list(words)
                parts.append((positional.name, positional.name + "=" + shown))
            }
            var text = (["ok"] + parts.sorted { $0.0 < $1.0 }.map(\.1)).joined(separator: " ")
            if !parsed.unrecognized.isEmpty { text += " extras=" + list(parsed.unrecognized) }
            return text
        }
    }

    private static func list(_ words: [Word]) -> String {
        "[" + words.map { PythonRepr.of($0.text) }.joined(separator: ", ") + "]"
    }

    /// Python 3.11's `parse_known_intermixed_args` reads the words after an unknown option, or
    /// after `--` seen before the first positional, in a second pass that splits positionals
    /// differently (an implementation detail that later Pythons changed again). Ours hands every
    /// positional word to the positionals in order, whatever stands between them.
    static let deviations: [String: String] = [
        // Python: services=['a'] extras=['-b'] (the words after `--` are positional).
        #"pgctl ["--", "status", "a", "-b"]"#: "ok command='status' services=['a', '-b']",
        // Python: "the following arguments are required: file".
        #"pgctl-fuser ["--", "-d"]"#: "ok file=['-d']",
        // Python drops both `--`; only the first ends the options.
        #"pgctl-fuser ["--", "--", "f"]"#: "ok file=['--', 'f']",
        // Python: help — it reads `-h` again in its second pass.
        #"pgctl-fuser ["--", "-h"]"#: "ok file=['-h']",
        // Python: extras=['-y', 'z'] — the unknown option ends the positionals.
        #"numbers ["x", "-y", "z"]"#: "ok name='x' rest=['z'] extras=['-y']",
    ]

    /// The Python definitions and printer the recorded outcomes came from. Arguments: parser
    /// name, then the cases, each `<count>\u{1f}<word>\u{1f}...`, separated by `\u{1e}`.
    static let script = #"""
import argparse, io, sys, contextlib, warnings
warnings.simplefilter('ignore')
S = argparse.SUPPRESS
def build(name):
    p = argparse.ArgumentParser(prog=name, add_help=False)
    p.add_argument('-h', '--help', action='help')
    if name == 'pgctl':
        p.add_argument('--version', action='version', version='VERSION')
        p.add_argument('--verbose', action='store_true', default=S)
        p.add_argument('--pgdir', default=S)
        p.add_argument('--pghome', default=S)
        p.add_argument('--json', action='store_true', default=S)
        p.add_argument('--force', action='store_true', default=S)
        p.add_argument('--no-force', dest='no_force', action='store_true', default=S)
        p.add_argument('--config', default=S)
        p.add_argument('--all', '-a', dest='all', action='store_true', default=S)
        p.add_argument('--for', dest='wait_for', choices=['ready', 'up', 'down'], default=S)
        p.add_argument('--timeout', dest='wait_timeout', default=S)
        # pgctl log's options (issue 13).
        p.add_argument('-n', '--lines', dest='lines', default=S)
        p.add_argument('-m', '--merge', dest='merge', action='store_true', default=S)
        p.add_argument('-f', '--follow', dest='follow', action='store_true', default=S)
        p.add_argument('--no-follow', dest='no_follow', action='store_true', default=S)
        p.add_argument('--since', dest='since', default=S)
        p.add_argument('command', choices=['start', 'stop', 'status', 'restart', 'reload', 'log', 'debug', 'config', 'wait', 'completion'])
        p.add_argument('services', nargs='*', default=S)
    elif name == 'pgctl-fuser':
        p.add_argument('-d', '--allow-deleted', dest='allow_deleted', action='store_true', default=S)
        p.add_argument('file', nargs='+')
    else:
        p.add_argument('-1', dest='one', action='store_true', default=S)
        p.add_argument('-p', '--port', dest='port', default=S)
        p.add_argument('-v', dest='v', action='store_true', default=S)
        p.add_argument('--verb', dest='verb', action='store_true', default=S)
        p.add_argument('--verbose', dest='verbose', action='store_true', default=S)
        p.add_argument('name')
        p.add_argument('rest', nargs='*', default=S)
    return p
def outcome(name, words):
    p = build(name)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            ns, extras = p.parse_known_intermixed_args(words)
    except SystemExit as e:
        if e.code == 0:
            return 'version' if out.getvalue() == 'VERSION\n' else 'help'
        return 'error: ' + err.getvalue().splitlines()[-1].split(': error: ', 1)[1]
    parts = []
    for key, value in sorted(vars(ns).items()):
        if value is True: parts.append(key)
        elif isinstance(value, list): parts.append(key + '=' + repr(value))
        else: parts.append(key + '=' + repr(value))
    if extras: parts.append('extras=' + repr(extras))
    return 'ok ' + ' '.join(parts)
name, encoded = sys.argv[1], sys.argv[2]
for case in encoded.split('\x1e') if encoded else []:
    fields = case.split('\x1f')
    print(outcome(name, fields[1:1 + int(fields[0])]))
"""#
}
