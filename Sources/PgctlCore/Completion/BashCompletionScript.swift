/// `pgctl completion bash`: a bash completion function whose word lists are written from a
/// ``CompletionCatalog``, and which asks `pgctl __complete services` for service names.
enum BashCompletionScript {
    static func render(_ catalog: CompletionCatalog) -> String {
        let commands = catalog.commands.map(\.name).joined(separator: " ")
        let valueCases = catalog.valueOptionWords.map { option, words in
            "        \(words.joined(separator: "|"))) kind=\(option.value.scriptName)\(choicesAssignment(option.value)) ;;"
        }
        var optionCases: [String] = []
        for command in catalog.commands {
            let names = catalog.options(for: command.name).flatMap(\.names)
            optionCases.append("        \(command.name)) options=\(ShellQuoting.posix(names.joined(separator: " "))) ;;")
        }
        let allOptions = catalog.options(for: nil).flatMap(\.names).joined(separator: " ")
        let services = catalog.commands.filter { $0.operands == .services }.map(\.name).joined(separator: "|")
        let shells = catalog.commands.filter { $0.operands == .shellName }.map(\.name).joined(separator: "|")
        let shellNames = CompletionShell.allCases.map(\.rawValue).joined(separator: " ")
        return """
            # bash completion for pgctl, written by `pgctl completion bash` from pgctl's own
            # command and option tables. Load it with:   source <(pgctl completion bash)

            # Sets `kind` (directory, file, text, choices — then also `choices`) when word $1 takes
            # the next word as its value.
            _pgctl_value_kind() {
                case "$1" in
            \(valueCases.joined(separator: "\n"))
                    *) return 1 ;;
                esac
            }

            # Sets `options` to the options offered after command $1 (empty: none typed yet).
            _pgctl_options() {
                case "$1" in
            \(optionCases.joined(separator: "\n"))
                    *) options=\(ShellQuoting.posix(allOptions)) ;;
                esac
            }

            # Sets `word` to $1 as the shell will pass it (quotes and backslashes removed, `~`
            # expanded) when that is safe to work out: no expansion or command in it.
            _pgctl_dequote() {
                local value
                if [[ $1 != *[\\$\\`\\;\\&\\|\\<\\>\\(\\)]* ]] && eval "value=$1" 2>/dev/null; then
                    word=$value
                else
                    word=$1
                fi
            }

            # Adds the names of `pgctl __complete services` that start with the current word,
            # quoted for the line (bare words get backslashes; after an opening quote, as is).
            _pgctl_add_services() {
                local cur=$1 quote="" prefix name
                shift
                case "$cur" in
                    \\'*) quote="'"; prefix=${cur#\\'} ;;
                    \\"*) quote='"'; prefix=${cur#\\"} ;;
                    *) prefix=${cur//\\\\/} ;;
                esac
                while IFS= read -r name; do
                    [[ $name == "$prefix"* ]] || continue
                    [[ -n $quote ]] || printf -v name '%q' "$name"
                    COMPREPLY+=("$name")
                done < <(command pgctl __complete services "$@" 2>/dev/null)
            }

            _pgctl() {
                local cur=${COMP_WORDS[COMP_CWORD]} word command="" kind="" choices="" options i
                local skip=0 ended=0 value=0
                local -a typed=()
                COMPREPLY=()
                # The earlier words, unquoted, with the `=` bash splits off put back (`--pgdir=x`).
                for ((i = 1; i < COMP_CWORD; i++)); do
                    _pgctl_dequote "${COMP_WORDS[i]}"
                    if ((${#typed[@]})) && [[ $word == "=" || ${typed[${#typed[@]}-1]} == *= ]]; then
                        typed[${#typed[@]}-1]+=$word
                    else
                        typed+=("$word")
                    fi
                done
                # `--pgdir=<TAB>` or `--pgdir=x<TAB>`: complete the value.
                if [[ $cur == "=" ]] || { ((${#typed[@]})) && [[ ${typed[${#typed[@]}-1]} == -*= ]]; }; then
                    if [[ $cur == "=" ]]; then
                        word=${typed[${#typed[@]}-1]}; cur=""
                    else
                        word=${typed[${#typed[@]}-1]%=}; unset 'typed[${#typed[@]}-1]'
                    fi
                    _pgctl_value_kind "$word" && _pgctl_complete_value
                    return 0
                fi
                for word in "${typed[@]}"; do
                    if ((skip)); then skip=0; continue; fi
                    if ((!ended)) && [[ $word == -- ]]; then ended=1; continue; fi
                    if ((!ended)) && [[ $word == -?* ]]; then
                        _pgctl_value_kind "$word" && skip=1
                        continue
                    fi
                    if [[ -z $command ]]; then
                        case " \(commands) " in *" $word "*) command=$word ;; esac
                    fi
                done
                if ((skip)); then
                    _pgctl_complete_value
                    return 0
                fi
                if ((!ended)) && [[ $cur == -* ]]; then
                    _pgctl_options "$command"
                    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
                elif [[ -z $command ]]; then
                    mapfile -t COMPREPLY < <(compgen -W \(ShellQuoting.posix(commands)) -- "$cur")
                else
                    case "$command" in
                        \(services.isEmpty ? "_none_" : services)) _pgctl_add_services "$cur" "${typed[@]}" ;;
                        \(shells.isEmpty ? "_none_" : shells)) mapfile -t COMPREPLY < <(compgen -W \(ShellQuoting.posix(shellNames)) -- "$cur") ;;
                    esac
                fi
                return 0
            }

            # Completes the value of an option of kind `kind` from `cur`.
            _pgctl_complete_value() {
                case "$kind" in
                    directory) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
                    file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
                    choices) mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur") ;;
                esac
            }

            complete -F _pgctl pgctl

            """
    }
}

extension BashCompletionScript {
    /// `; choices='a b'` for a choices kind, else nothing.
    static func choicesAssignment(_ kind: CompletionCatalog.ValueKind) -> String {
        guard case .choices(let words) = kind else { return "" }
        return "; choices=" + ShellQuoting.posix(words.joined(separator: " "))
    }
}

extension CompletionCatalog.ValueKind {
    /// The name the scripts use for the kind.
    var scriptName: String {
        switch self {
        case .none: return "none"
        case .directory: return "directory"
        case .file: return "file"
        case .text: return "text"
        case .choices: return "choices"
        }
    }
}
