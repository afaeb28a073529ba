import Foundation
import Testing
import TestSupport

/// `pgctl completion bash|zsh|fish` loaded in the real shells, asked for the candidates of a
/// line in a playground: bash through its completion function (COMP_WORDS as bash sets them),
/// fish through `complete -C` (its own completion engine), zsh by typing the line and TAB in
/// an interactive zsh on a pseudo-terminal, with compinit (the script sourced, or installed on
/// fpath). Each shell is skipped, saying so, when it is not installed (bash always is).
@Suite("pgctl shell completion")
struct PgctlCLICompletionTests {
    /// A project with services (one with a space, one with shell metacharacters) and a second
    /// playground `other/`.
    final class Project {
        let cli: PgctlCLI
        init() throws {
            cli = try PgctlCLI()
            for name in ["web", "worker", "db", "my service", "it's $x&y"] { try cli.service(name) }
            try cli.directory("project/other/alpha")
            try cli.directory("project/other/beta")
            try cli.directory("project/my pg/gamma")
        }
        deinit { cli.remove() }
        var directory: String { cli.root + "/project" }
        var environment: [String: String] {
            ["PATH": Executables.productsDirectory.path + ":/usr/bin:/bin", "HOME": cli.home,
             "PGCTL_NO_GLOBAL_CONFIG": "true", "LC_ALL": "C.UTF-8"]
        }
        func script(_ shell: String) throws -> String {
            let result = try cli.run(["completion", shell])
            #expect(result.exitCode == 0 && result.stderr.isEmpty, "\(result)")
            return result.stdout
        }
    }

    static let bashHarness = #"""
        source <(pgctl completion bash) || exit 3
        line=$1
        read -ra COMP_WORDS <<< "$line"
        [[ $line == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
        _pgctl
        ((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}"
        exit 0
        """#

    /// Types the line and TAB in an interactive zsh on a pseudo-terminal (zpty) with the real
    /// completion system, and prints every match as it would be inserted.
    static let zshHarness = #"""
        # zsh -f capture.zsh SCRIPT LINE: the matches zsh's completion system offers for LINE (typed,
        # then TAB) in an interactive zsh on a pseudo-terminal, as they would be inserted (quoted).
        # SCRIPT is the completion file to source after compinit, or a directory holding `_pgctl` to
        # put on fpath before compinit.
        zmodload zsh/zpty || exit 3
        script=$1 line=$2
        if [[ -d $script ]]; then
            before="fpath=(${(q)script} \$fpath)" after=""
        else
            before="" after="source ${(q)script}"
        fi
        init=$(mktemp)
        cat > $init <<INIT
        PROMPT=
        $before
        autoload -Uz compinit
        compinit -u -D
        $after
        bindkey '^I' complete-word
        comppostfuncs=( exit )
        zstyle ':completion:*' list-grouped false
        zstyle ':completion:*' insert-tab false
        compadd() {
            if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "\$@"; return \$?; fi
            local -a __hits
            builtin compadd -A __hits "\$@"
            local hit
            for hit in \$__hits; do print -r -- "HIT:\$hit"; done
            builtin compadd "\$@"
        }
        print READY
        INIT
        zpty z zsh -f -i
        zpty -w z "source ${(q)init}"
        local out chunk all=""
        repeat 100; do zpty -r z out; [[ $out == *READY* ]] && break; done
        zpty -w z "$line"$'\t'
        while zpty -r z chunk; do all+=$chunk; done
        rm -f $init
        print -r -- "$all" | tr -d '\r' | sed -n 's/^.*HIT://p' | sort -u
        """#

    /// The candidates `shell` offers for `line`, typed in the project directory.
    func candidates(_ shell: String, _ line: String, in project: Project) throws -> [String] {
        let result: CommandResult
        switch shell {
        case "bash":
            result = try Command.run("/bin/bash", ["--norc", "--noprofile", "-c", Self.bashHarness, "bash", line],
                                     in: project.directory, exactEnvironment: project.environment)
        case "zsh", "zsh-fpath":
            // As a file sourced after compinit, or as `_pgctl` on fpath before compinit.
            let harness = project.cli.root + "/capture.zsh"
            try Self.zshHarness.write(toFile: harness, atomically: false, encoding: .utf8)
            let script = shell == "zsh" ? project.cli.root + "/pgctl.zsh" : project.cli.root + "/zfunctions"
            let file = shell == "zsh" ? script : script + "/_pgctl"
            try FileManager.default.createDirectory(atPath: project.cli.root + "/zfunctions", withIntermediateDirectories: true)
            try project.script("zsh").write(toFile: file, atomically: false, encoding: .utf8)
            result = try Command.run("/usr/bin/zsh", ["-f", harness, script, line],
                                     in: project.directory, exactEnvironment: project.environment)
        default:
            let script = project.cli.root + "/pgctl.fish"
            try project.script("fish").write(toFile: script, atomically: false, encoding: .utf8)
            result = try Command.run("/usr/bin/fish", ["--no-config", "-c", "source $argv[1]; complete -C $argv[2]", script, line],
                                     in: project.directory, exactEnvironment: project.environment)
        }
        #expect(result.exitCode == 0 && result.stderr.isEmpty, "\(shell) \(line): \(result)")
        // fish prints `candidate<TAB>description`.
        return result.stdout.split(separator: "\n").map { String($0.split(separator: "\t", omittingEmptySubsequences: false)[0]) }
    }

    /// Types a line, TAB and Enter in an interactive bash on a pseudo-terminal (real readline),
    /// with `pgctl` a shell function that prints its arguments (completion still runs the
    /// built pgctl: the script calls `command pgctl`).
    static let bashTerminalHarness = #"""
        # python3 bashpty.py LINE: types LINE, TAB and Enter in an interactive bash (no rc files) on a
        # pseudo-terminal with `pgctl completion bash` loaded and `pgctl` a function printing its
        # arguments; prints those arguments as `<arg>` each: what completion put on the line.
        import os, pty, select, sys, time
        line = sys.argv[1]
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])
        deadline = time.monotonic() + 20
        def read_until(marker, buffer=b""):
            while marker not in buffer:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                ready, _, _ = select.select([fd], [], [], left)
                if not ready:
                    break
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                buffer += data
            return buffer
        os.write(fd, b"PS1='$ '; bind 'set bell-style none'; source <(pgctl completion bash); "
                     b"pgctl() { printf 'ARGS:'; printf '<%s>' \"$@\"; printf ':END\\n'; }; echo RE''ADY\n")
        read_until(b"READY\r\n")
        os.write(fd, line.encode() + b"\t\n")
        output = read_until(b":END\r\n")
        os.write(fd, b"exit\n")
        os.waitpid(pid, 0)
        text = output.decode(errors="replace")
        start = text.rfind("ARGS:")
        end = text.find(":END", start)
        if start < 0 or end < 0:
            print("no answer: " + repr(text[-300:]), file=sys.stderr)
            sys.exit(1)
        print(text[start + 5:end])
        """#

    static let shells: [String] = ["bash", "zsh", "fish"]

    func skipped(_ shell: String) -> Bool {
        let program = shell == "zsh-fpath" ? "zsh" : shell
        guard shell != "bash", !FileManager.default.isExecutableFile(atPath: "/usr/bin/\(program)") else { return false }
        print("skipped: \(shell) is not installed (apt-get install -y \(shell))")
        return true
    }

    @Test("commands: pgctl st", arguments: shells + ["zsh-fpath"])
    func commands(shell: String) throws {
        guard !skipped(shell) else { return }
        let project = try Project()
        #expect(Set(try candidates(shell, "pgctl st", in: project)) == ["start", "status", "stop"])
    }

    @Test("service names: pgctl start w", arguments: shells)
    func services(shell: String) throws {
        guard !skipped(shell) else { return }
        let project = try Project()
        #expect(Set(try candidates(shell, "pgctl start w", in: project)) == ["web", "worker"])
    }

    @Test("--pgdir typed earlier: the names of that playground", arguments: shells)
    func otherPlayground(shell: String) throws {
        guard !skipped(shell) else { return }
        let project = try Project()
        // `default` is the built-in alias.
        #expect(Set(try candidates(shell, "pgctl --pgdir other start ", in: project)) == ["alpha", "beta", "default"])
    }

    @Test("option values: the choices of --for; wait's options only after wait", arguments: shells)
    func optionValues(shell: String) throws {
        guard !skipped(shell) else { return }
        let project = try Project()
        #expect(Set(try candidates(shell, "pgctl wait --for ", in: project)) == ["ready", "up", "down"])
        #expect(try candidates(shell, "pgctl wait --ti", in: project) == ["--timeout"])
        #expect(try candidates(shell, "pgctl start --ti", in: project) == [])
    }

    @Test("names with a space or shell metacharacters come quoted for the line", arguments: shells)
    func quoting(shell: String) throws {
        guard !skipped(shell) else { return }
        let project = try Project()
        // fish lists names as they are and escapes them itself when it inserts one.
        let expected = shell == "fish" ? ["my service", "it's $x&y"] : ["my\\ service", "it\\'s\\ \\$x\\&y"]
        #expect(try candidates(shell, "pgctl start my", in: project) == [expected[0]])
        #expect(try candidates(shell, "pgctl restart it", in: project) == [expected[1]])
    }

    @Test("bash on a terminal: what TAB puts on the line, quoted, --pgdir and --pgdir= honoured", arguments: [
        ("pgctl start my", "<start><my service>"),
        ("pgctl restart it", "<restart><it's $x&y>"),
        ("pgctl --pgdir other start al", "<--pgdir><other><start><alpha>"),
        ("pgctl --pgdir=other stop al", "<--pgdir=other><stop><alpha>"),
        ("pgctl sto", "<stop>"),
        ("pgctl --pgdir 'my pg' start g", "<--pgdir><my pg><start><gamma>"),
        ("pgctl --pgdir my\\ pg start g", "<--pgdir><my pg><start><gamma>"),
    ])
    func bashTerminal(line: String, arguments: String) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            print("skipped: python3 (which drives the pseudo-terminal) is not installed")
            return
        }
        let project = try Project()
        let result = try Command.run("/usr/bin/python3", ["-c", Self.bashTerminalHarness, line],
                                     in: project.directory, exactEnvironment: project.environment)
        #expect(result.exitCode == 0 && result.stdout == arguments + "\n", "\(line): \(result)")
    }

    @Test("log options: pgctl log --m offers --merge once the option table has it", arguments: shells)
    func logMerge(shell: String) throws {
        guard !skipped(shell) else { return }
        let project = try Project()
        let offered = try candidates(shell, "pgctl log --m", in: project)
        if try project.script("bash").contains(" --merge") {
            #expect(offered.contains("--merge"))
        } else {
            // Known issue until `pgctl log --merge` (issue #13) is in PgctlCommandLine.options:
            // the scripts are written from that table, so nothing is offered yet.
            print("known issue: --merge is not in pgctl's option table yet (issue #13); checked that nothing else is offered")
            #expect(offered.isEmpty)
        }
    }

    @Test("outside a playground, or with a broken configuration, the query prints nothing at all")
    func quietOutside() throws {
        let project = try Project()
        let outside = try project.cli.run(["__complete", "services", "start"])
        #expect(outside.exitCode == 0 && outside.stdout.isEmpty && outside.stderr.isEmpty, "\(outside)")
        // From a service directory: the playground above, without the names already typed.
        let inside = try project.cli.run(["__complete", "services", "start", "web"], in: "project/playground/db")
        #expect(inside.stdout == "db\ndefault\nit's $x&y\nmy service\nworker\n", "\(inside)")
        try project.cli.file("project/pgctl.yaml", "aliases: [unclosed\n")
        let broken = try project.cli.run(["__complete", "services", "start"], in: "project")
        #expect(broken.exitCode == 0 && broken.stdout.isEmpty && broken.stderr.isEmpty, "\(broken)")
    }

    @Test("__complete is hidden: not in the usage, and argparse's messages are unchanged")
    func hidden() throws {
        let project = try Project()
        let help = try project.cli.run(["--help"])
        #expect(!help.stdout.contains("__complete"))
        let error = try project.cli.run(["-x", "__complete"])
        #expect(error.exitCode == 2 && error.stderr.contains("invalid choice: '__complete'"), "\(error)")
    }
}
