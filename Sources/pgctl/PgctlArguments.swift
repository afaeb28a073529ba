/// pgctl's options, decoded from the canonical spellings ``ArgparseFrontEnd`` hands over:
/// `--flag`, `--option=value`, or `--option` followed by an empty value. The command word,
/// the services and unknown options are sorted out there, the way 5.2.1's argparse did; as
/// with argparse, an option given twice keeps its last value.
struct PgctlArguments: Equatable {
    var help = false
    var version = false
    var verbose = false
    var pgdir: String?
    var pghome: String?
    var json = false
    var noForce = false
    var force = false
    var config: String?
    var all = false

    /// Decodes the canonical option words. Every name was already checked by the front end,
    /// so there is no error case.
    init(canonical options: [String]) {
        var index = 0
        while index < options.count {
            let word = options[index]
            index += 1
            let name: Substring
            let value: String?
            if let equals = word.firstIndex(of: "=") {
                name = word[..<equals]
                value = String(word[word.index(after: equals)...])
            } else if ArgparseFrontEnd.longOptions[word] == true, index < options.count {
                name = word[...]
                value = options[index]
                index += 1
            } else {
                name = word[...]
                value = nil
            }
            set(name, value)
        }
    }

    private mutating func set(_ name: Substring, _ value: String?) {
        switch name {
        case "--help": help = true
        case "--version": version = true
        case "--verbose": verbose = true
        case "--json": json = true
        case "--no-force": noForce = true
        case "--force": force = true
        case "--all": all = true
        case "--pgdir": pgdir = value ?? ""
        case "--pghome": pghome = value ?? ""
        case "--config": config = value ?? ""
        default: break
        }
    }
}
