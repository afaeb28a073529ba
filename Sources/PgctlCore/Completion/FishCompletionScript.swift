/// `pgctl completion fish`: `complete` rules for fish, written from a ``CompletionCatalog``;
/// service names come from `pgctl __complete services` (fish escapes them itself).
enum FishCompletionScript {
    static func render(_ catalog: CompletionCatalog) -> String {
        let commandNames = catalog.commands.map(\.name).joined(separator: " ")
        let valueWords = catalog.wordsTakingNextWord.joined(separator: " ")
        var lines: [String] = []
        for command in catalog.commands {
            lines.append("complete -c pgctl -n __pgctl_needs_command -a \(command.name) -d \(ShellQuoting.fish(command.summary))")
        }
        for option in catalog.options(for: nil) {
            var rule = "complete -c pgctl"
            if let commands = option.commands {
                rule += " -n " + ShellQuoting.fish("__pgctl_needs_command; or __pgctl_command_is " + commands.joined(separator: " "))
            }
            for name in option.names {
                if name.hasPrefix("--") {
                    rule += " -l " + String(name.dropFirst(2))
                } else if name.count == 2 {
                    rule += " -s " + String(name.dropFirst())
                } else {
                    rule += " -o " + String(name.dropFirst())
                }
            }
            switch option.value {
            case .none: break
            case .directory: rule += " -x -a '(__fish_complete_directories (commandline -ct))'"
            case .file: rule += " -r -F"
            case .text: rule += " -x"
            case .choices(let choices): rule += " -x -a " + ShellQuoting.fish(choices.joined(separator: " "))
            }
            if !option.description.isEmpty { rule += " -d " + ShellQuoting.fish(option.description) }
            lines.append(rule)
        }
        let services = catalog.commands.filter { $0.operands == .services }.map(\.name).joined(separator: " ")
        let shells = catalog.commands.filter { $0.operands == .shellName }.map(\.name).joined(separator: " ")
        let shellNames = CompletionShell.allCases.map(\.rawValue).joined(separator: " ")
        if !services.isEmpty {
            lines.append("complete -c pgctl -n '__pgctl_command_is \(services)' -a '(__pgctl_services)'")
        }
        if !shells.isEmpty {
            lines.append("complete -c pgctl -n '__pgctl_command_is \(shells)' -a '\(shellNames)'")
        }
        return """
            # fish completion for pgctl, written by `pgctl completion fish` from pgctl's own
            # command and option tables. Install it with:
            #   pgctl completion fish > ~/.config/fish/completions/pgctl.fish

            # The words typed before the current one, without the program name.
            function __pgctl_typed
                set -l tokens (commandline -opc)
                set -e tokens[1]
                test (count $tokens) -gt 0; and printf '%s\\n' $tokens
            end

            # Prints the command word typed so far; fails when there is none yet.
            function __pgctl_typed_command
                set -l skip 0
                set -l ended 0
                for word in (__pgctl_typed)
                    if test $skip = 1
                        set skip 0
                        continue
                    end
                    if test $ended = 0; and test "$word" = --
                        set ended 1
                        continue
                    end
                    if test $ended = 0; and string match -q -- '-?*' $word
                        contains -- $word \(valueWords); and set skip 1
                        continue
                    end
                    if contains -- $word \(commandNames)
                        echo $word
                        return 0
                    end
                end
                return 1
            end

            function __pgctl_needs_command
                not __pgctl_typed_command >/dev/null
            end

            function __pgctl_command_is
                set -l command (__pgctl_typed_command); or return 1
                contains -- $command $argv
            end

            function __pgctl_services
                command pgctl __complete services (__pgctl_typed) 2>/dev/null
            end

            complete -c pgctl -f
            \(lines.joined(separator: "\n"))

            """
    }
}
