import ArgumentParsing
@testable import PgctlCore
import Testing

/// The completion scripts are written from the command and option tables: every command and
/// every visible option is in each, the per-command option lists name real options, and the
/// typed words are read as argparse reads them.
@Suite("shell completion scripts")
struct CompletionScriptTests {
    let catalog = CompletionCatalog.pgctl()

    @Test("each script names every command and every visible option", arguments: CompletionShell.allCases)
    func everythingListed(shell: CompletionShell) {
        let script = shell.script(catalog)
        for command in PgctlCommand.allCases {
            #expect(script.contains(command.rawValue), "\(shell): \(command)")
        }
        for option in PgctlCommandLine.options where !PgctlCommandLine.hiddenOptionKeys.contains(option.key) {
            for name in option.names {
                // fish declares `--pgdir` as `-l pgdir` and `-a` as `-s a`.
                let fishName = name.hasPrefix("--") ? "-l " + name.dropFirst(2) : "-s " + name.dropFirst()
                #expect(script.contains(shell == .fish ? fishName : name), "\(shell): \(name)")
            }
        }
    }

    @Test("hidden options are not offered; command-specific ones only with their commands")
    func scopes() {
        let offered = Set(catalog.options(for: nil).map(\.key))
        #expect(!offered.contains("force"))
        #expect(offered.contains("json"))
        #expect(catalog.options(for: "status").contains { $0.key == "json" })
        #expect(!catalog.options(for: "config").contains { $0.key == "json" })
        #expect(catalog.options(for: "config").contains { $0.key == "pgdir" })
    }

    @Test("every option a command lists is in the option table")
    func specificOptionsExist() {
        let keys = Set(PgctlCommandLine.options.map(\.key))
        for command in PgctlCommand.allCases {
            for key in command.specificOptions { #expect(keys.contains(key), "\(command): \(key)") }
        }
    }

    @Test("words that take the next word: exact spellings and long prefixes of value options only")
    func valueWords() {
        let words = catalog.wordsTakingNextWord
        #expect(words.contains("--pgdir") && words.contains("--pgd") && words.contains("--conf"))
        #expect(!words.contains("--verbose") && !words.contains("--v") && !words.contains("--json"))
        #expect(catalog.optionTakingNextWord("--pgdir=x") == nil)
        #expect(catalog.optionWithAttachedValue("--pgd=x")?.value == "x")
    }

    @Test("a word read as argparse reads it, without failing on a half-typed line")
    func optionNamed() {
        let parser = PgctlCommandLine.parser
        #expect(parser.option(named: "--pgd=x")?.option.key == "pgdir")
        #expect(parser.option(named: "--pgd=x")?.attached == "x")
        #expect(parser.option(named: "-ah")?.option.key == "all")
        #expect(parser.option(named: "--p") == nil)  // --pgdir or --pghome: ambiguous
        #expect(parser.option(named: "--fo") == nil)  // --force or --for
        #expect(parser.option(named: "web") == nil)
        #expect(parser.option(named: "--bogus") == nil)
        #expect(!catalog.wordsTakingNextWord.contains("--p"))
    }

    @Test("typed words: command, operands and the path options, however they are spelled", arguments: [
        (["--pgdir", "other", "start", "a"], "start", ["a"], ["pgdir": "other"]),
        (["--pgd=other", "-a", "stop"], "stop", [], ["pgdir": "other"]),
        (["start", "--config", "c.yaml", "web", "--", "-x"], "start", ["web", "-x"], ["config": "c.yaml"]),
        (["--pghome", "start"], nil, [], ["pghome": "start"]),
        (["bogus", "log"], "log", [], [:]),
    ] as [([String], String?, [String], [String: String])])
    func typedWords(words: [String], command: String?, operands: [String], values: [String: String]) {
        let typed = TypedWords(words, catalog: catalog)
        #expect(typed.command == command)
        #expect(typed.operands == operands)
        #expect(typed.values == values)
    }

    @Test("option descriptions come from the --help text, wrapped lines joined")
    func helpDescriptions() {
        let help = """
            usage: x [-h]

            options:
              -h, --help            show this help message and exit
              --pgdir PGDIR         the playground directory name,
                                    or an absolute path
              --all, -a             act on all services

            """
        let descriptions = OptionHelpText.descriptions(in: help)
        #expect(descriptions["-h"] == "show this help message and exit")
        #expect(descriptions["--pgdir"] == "the playground directory name, or an absolute path")
        #expect(descriptions["-a"] == "act on all services")
        #expect(descriptions.count == 5)
    }

    @Test("completion takes exactly one shell name, as an argparse choice")
    func shellOperand() {
        #expect((try? CompletionShell.parse(["zsh"])) == .zsh)
        #expect(throws: ArgumentError("the following arguments are required: shell")) { try CompletionShell.parse([]) }
        #expect(throws: ArgumentError("argument shell: invalid choice: 'csh' (choose from 'bash', 'zsh', 'fish')")) {
            try CompletionShell.parse(["csh"])
        }
        #expect(throws: ArgumentError("unrecognized arguments: fish")) { try CompletionShell.parse(["bash", "fish"]) }
        #expect(PgctlCommandLine.parse(["completion", "tcsh"])
                == .usageError(ArgumentError("argument shell: invalid choice: 'tcsh' (choose from 'bash', 'zsh', 'fish')")))
    }
}
