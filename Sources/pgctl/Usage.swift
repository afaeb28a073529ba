import PgctlCore

/// pgctl's usage and help texts, laid out as Python's argparse laid out 5.2.1's.
enum Usage {
    /// The command words, in argparse's `choices` order.
    static let commands = PgctlCommand.allCases.map(\.rawValue)

    /// The usage lines (argparse wraps them at 78 columns), with a trailing newline.
    static let text = """
        usage: pgctl [-h] [--version] [--verbose] [--pgdir PGDIR] [--pghome PGHOME]
                     [--json] [--no-force] [--config CONFIG] [--all]
                     [--for {ready,up,down}] [--timeout SECONDS] [-n N] [-m] [-f]
                     [--no-follow] [--since WHEN]
                     {\(commands.joined(separator: ","))}
                     [services ...]

        """

    /// `--help`: usage plus a description of every argument.
    static let help = text + """

        Start, stop and inspect the services of a playground (version \(PgctlVersion.current)).

        positional arguments:
          {\(commands.joined(separator: ","))}
          services              service names, aliases or service directory paths;
                                default: the 'services' setting (the 'default' alias)

        options:
          -h, --help            show this help message and exit
          --version             show program's version number and exit
          --verbose             show additional service action information
          --pgdir PGDIR         the playground directory name, or an absolute path
          --pghome PGHOME       directory to keep user-level playground state
          --json                output in JSON (status, start, stop, restart)
          --no-force            never forcefully stop service processes
          --config CONFIG       read this configuration file too
          --all, -a             act on all services (ignores the 'default' alias)
          --for {ready,up,down}
                                wait: the state to wait for (default: ready)
          --timeout SECONDS     wait: give up after this many seconds (default: the
                                'timeout' setting)

        log options:
          -n N, --lines N       the last N records of each service (merged: in total)
          -m, --merge           one stream in time order, each line naming its service
          -f, --follow          keep following, even when stdout is not a terminal
          --no-follow           never follow, even on a terminal
          --since WHEN          only records since WHEN: 90s, 5m, 2h, 1d or
                                'YYYY-MM-DD HH:MM[:SS]' (local time)
          --json                JSON Lines: {"service", "time", "text"} per record

        """
}
