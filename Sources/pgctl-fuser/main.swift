import ArgumentParsing
import PgctlCore
import SuperviseSystem

// pgctl-fuser [-h] [-d|--allow-deleted] file [file ...] — prints, one per line, the pid of
// every process (other than itself) that has one of the files open; with -d also files that
// were deleted while open (spec §5). A file nobody has open, or that does not exist, prints
// nothing. Exit status 0, or 2 for a usage error.

switch FuserCommandLine.parse(Array(CommandLine.arguments.dropFirst())) {
case .help:
    try? FileDescriptor.standardOutput.writeAll(Array(FuserCommandLine.help.utf8))
case .usageError(let error):
    try? FileDescriptor.standardError.writeAll(Array(error.report(program: "pgctl-fuser", usage: FuserCommandLine.usage).utf8))
    ProcessControl.exit(ArgumentError.exitStatus)
case .run(let request):
    var output = ""
    for file in request.files {
        for pid in OpenFileUsers.processes(holding: file, includeDeleted: request.allowDeleted) {
            output += "\(pid)\n"
        }
    }
    try? FileDescriptor.standardOutput.writeAll(Array(output.utf8))
}
