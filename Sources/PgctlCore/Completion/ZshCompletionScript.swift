/// `pgctl completion zsh`: a `_pgctl` completion function for zsh's completion system, with
/// its word lists written from a ``CompletionCatalog``; service names come from
/// `pgctl __complete services` and are quoted by `compadd`.
enum ZshCompletionScript {
    static func render(_ catalog: CompletionCatalog) -> String {
        let commandItems = catalog.commands.map {
            "        " + ShellQuoting.posix(ShellQuoting.zshDescribeItem($0.name, $0.summary))
        }.joined(separator: "\n")
        let valueCases = catalog.valueOptionWords.map { option, words -> String in
            var assignment = "kind=\(option.value.scriptName)"
            if case .choices(let choices) = option.value {
                assignment += "; choices=(" + choices.map(ShellQuoting.posix).joined(separator: " ") + ")"
            }
            return "        (\(words.joined(separator: "|")))) \(assignment) ;;"
        }
        func optionItems(_ options: [CompletionCatalog.Option]) -> String {
            options.flatMap { option in
                option.names.map { ShellQuoting.posix(ShellQuoting.zshDescribeItem($0, option.description)) }
            }.joined(separator: " ")
        }
        var optionCases = catalog.commands.map {
            "        (\($0.name)) items=(\(optionItems(catalog.options(for: $0.name)))) ;;"
        }
        optionCases.append("        (*) items=(\(optionItems(catalog.options(for: nil)))) ;;")
        let commandNames = catalog.commands.map(\.name).joined(separator: " ")
        let services = catalog.commands.filter { $0.operands == .services }.map(\.name).joined(separator: "|")
        let shells = catalog.commands.filter { $0.operands == .shellName }.map(\.name).joined(separator: "|")
        let shellNames = CompletionShell.allCases.map(\.rawValue).joined(separator: " ")
        return """
            #compdef pgctl
            # zsh completion for pgctl, written by `pgctl completion zsh` from pgctl's own
            # command and option tables. Install it as `_pgctl` in a directory on $fpath (before
            # compinit runs), or load it in a shell where compinit already ran:
            #   source <(pgctl completion zsh)

            # Sets `kind` (directory, file, text, choices — then also `choices`) when word $1 takes
            # the next word as its value.
            _pgctl_value_kind() {
                case "$1" in
            \(valueCases.joined(separator: "\n"))
                    (*) return 1 ;;
                esac
            }

            # Completes the value of an option of kind `kind`.
            _pgctl_complete_value() {
                case "$kind" in
                    (directory) _directories ;;
                    (file) _files ;;
                    (choices) compadd -a choices ;;
                    (*) _message 'value' ;;
                esac
            }

            _pgctl() {
                local word command="" kind="" skip=0 ended=0
                local -a typed items names choices
                local -a commands=(
            \(commandItems)
                )
                # The earlier words, unquoted as the shell will pass them.
                typed=("${(@Q)words[2,CURRENT-1]}")
                # `--pgdir=<TAB>`: complete the value.
                if [[ $PREFIX == -*=* ]] && _pgctl_value_kind "${PREFIX%%=*}"; then
                    compset -P '*='
                    _pgctl_complete_value
                    return
                fi
                for word in "${typed[@]}"; do
                    if (( skip )); then skip=0; continue; fi
                    if (( ! ended )) && [[ $word == -- ]]; then ended=1; continue; fi
                    if (( ! ended )) && [[ $word == -?* ]]; then
                        _pgctl_value_kind "$word" && skip=1
                        continue
                    fi
                    if [[ -z $command && " \(commandNames) " == *" $word "* ]]; then
                        command=$word
                    fi
                done
                if (( skip )); then
                    _pgctl_complete_value
                    return
                fi
                if (( ! ended )) && [[ $PREFIX == -* ]]; then
                    case "$command" in
            \(optionCases.joined(separator: "\n"))
                    esac
                    _describe -t options 'option' items
                elif [[ -z $command ]]; then
                    _describe -t commands 'pgctl command' commands
                else
                    case "$command" in
                        (\(services.isEmpty ? "_none_" : services))
                            names=(${(f)"$(command pgctl __complete services "${typed[@]}" 2>/dev/null)"})
                            (( ${#names} )) && compadd -a names ;;
                        (\(shells.isEmpty ? "_none_" : shells)) compadd \(shellNames) ;;
                    esac
                fi
            }

            if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
                _pgctl "$@"
            else
                compdef _pgctl pgctl
            fi

            """
    }
}
