// swift-tools-version: 6.1
import PackageDescription

/// Swift 6 language mode. Which targets may import what (no Foundation, Glibc only through
/// SuperviseSystem) is checked by `Tests/IntegrationTests/SourceRulesTests.swift`, not by a
/// setting.
///
/// Generic types used at concrete arguments (`[Service]`, `[String: OptionSpec]`, ...) get
/// their metadata through direct accessor calls instead of a mangled type name that the
/// runtime demangles, and whose generic requirements it checks by scanning every protocol
/// conformance of the (static) binary, on first use in each process: `pgctl status` spent
/// ≈ 15 % of its CPU time there (docs/benchmarks.md, issue #11). An `unsafeFlags`, like the
/// linker settings below (docs/design.md).
let swift6: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
]

/// A fully static executable (Swift runtime and libc): no dynamic loader work at start-up.
/// Linked with lld: GNU ld warns at every link that the Swift runtime's optional
/// prespecialization loader calls `dlopen` (never used by these programs); lld does not.
let staticExecutable: [LinkerSetting] = [.unsafeFlags(["-static-executable", "-use-ld=lld"])]

let package = Package(
    name: "pgctl",
    products: [
        .executable(name: "s6-supervise", targets: ["s6-supervise"]),
        .executable(name: "s6-svc", targets: ["s6-svc"]),
        .executable(name: "s6-svstat", targets: ["s6-svstat"]),
        .executable(name: "s6-svok", targets: ["s6-svok"]),
        .executable(name: "s6-svwait", targets: ["s6-svwait"]),
        .executable(name: "pgctl", targets: ["pgctl"]),
        .executable(name: "pgctl-poll-ready", targets: ["pgctl-poll-ready"]),
        .executable(name: "pgctl-fuser", targets: ["pgctl-fuser"]),
    ],
    dependencies: [],
    targets: [
        // libyaml (Debian: libyaml-dev), the C parser PyYAML uses.
        .systemLibrary(name: "CYAML", providers: [.apt(["libyaml-dev"])]),
        // YAML as PyYAML's safe_load reads it: libyaml events, YAML 1.1 resolution. No Foundation.
        // libyaml is linked from its static archive (`-l:libyaml.a`), so no binary needs
        // libyaml at run time.
        .target(name: "SafeYAML", dependencies: ["CYAML"], swiftSettings: swift6,
                linkerSettings: [.unsafeFlags(["-Xlinker", "-l:libyaml.a"])]),
        // C shim: the fork→exec child path, signalfd set-up, fcntl locks, wait-status macros.
        .target(name: "CSupervise"),
        // Typed syscall layer; the only importer of Glibc and CSupervise.
        .target(name: "SuperviseSystem", dependencies: ["CSupervise"], swiftSettings: swift6),
        // Pure codecs for the s6 on-disk protocol. Imports nothing.
        .target(name: "SuperviseStatus", swiftSettings: swift6),
        // Log capture in s6-log's format: timestamps, line assembly, rotation. No Foundation.
        .target(name: "SuperviseLog", dependencies: ["SuperviseSystem", "SuperviseStatus"], swiftSettings: swift6),
        // The service directory's files, read once for the supervisor, pgctl and
        // pgctl-poll-ready alike (issue #11's service-definition module).
        .target(name: "ServiceDefinition", dependencies: ["SuperviseSystem", "SuperviseStatus"], swiftSettings: swift6),
        // The supervisor: service directory, state machine, event loop.
        .target(name: "Supervise", dependencies: ["ServiceDefinition", "SuperviseSystem", "SuperviseStatus", "SuperviseLog"], swiftSettings: swift6),
        // s6 command-line conventions and the client tools' logic.
        .target(name: "S6Compat", dependencies: ["ServiceDefinition", "SuperviseSystem", "SuperviseStatus"], swiftSettings: swift6),
        // argparse's command-line rules (options, abbreviations, clusters, usage errors), shared
        // by pgctl and pgctl-fuser. Imports nothing.
        .target(name: "ArgumentParsing", swiftSettings: swift6),
        // pgctl's domain logic.
        .target(
            name: "PgctlCore",
            dependencies: ["ArgumentParsing", "S6Compat", "ServiceDefinition", "SuperviseSystem", "SuperviseStatus", "SuperviseLog", "SafeYAML", "ReadinessPolling"],
            // MemberImportVisibility: a file sees only the members of what it imports itself, so
            // a file without `import Foundation` really does without it.
            swiftSettings: swift6 + [.enableUpcomingFeature("MemberImportVisibility")]),

        // Linked as a fully static executable: one supervisor runs per service, and without
        // ld.so relocating libswiftCore & co. its private memory matches s6-supervise's and it
        // starts as fast (measurements in docs/benchmarks.md).
        .executableTarget(name: "s6-supervise", dependencies: ["Supervise"], swiftSettings: swift6,
                          linkerSettings: staticExecutable),
        // The client tools, pgctl-poll-ready, pgctl and pgctl-fuser are static too: without ld.so relocating the
        // Swift runtime they start in ≈ 0.6 ms instead of ≈ 3 ms (scripts call them in loops).
        .executableTarget(name: "s6-svc", dependencies: ["S6Compat"], swiftSettings: swift6, linkerSettings: staticExecutable),
        .executableTarget(name: "s6-svstat", dependencies: ["S6Compat"], swiftSettings: swift6, linkerSettings: staticExecutable),
        .executableTarget(name: "s6-svok", dependencies: ["S6Compat"], swiftSettings: swift6, linkerSettings: staticExecutable),
        .executableTarget(name: "s6-svwait", dependencies: ["S6Compat"], swiftSettings: swift6, linkerSettings: staticExecutable),
        // pgctl and pgctl-fuser are static like the rest: no Foundation, so nothing but glibc's
        // NSS (`~user` in pghome) needs the system at run time (docs/design.md).
        .executableTarget(name: "pgctl", dependencies: ["ArgumentParsing", "PgctlCore"], swiftSettings: swift6,
                          linkerSettings: staticExecutable),
        // pgctl-poll-ready's logic: ready checks, down-event listening, the monitor process.
        .target(name: "ReadinessPolling", dependencies: ["S6Compat", "ServiceDefinition", "SuperviseSystem", "SuperviseStatus", "SuperviseLog"], swiftSettings: swift6),
        .executableTarget(name: "pgctl-poll-ready", dependencies: ["ReadinessPolling", "ServiceDefinition", "SuperviseStatus", "SuperviseSystem"], swiftSettings: swift6,
                          linkerSettings: staticExecutable),
        .executableTarget(name: "pgctl-fuser", dependencies: ["ArgumentParsing", "PgctlCore"], swiftSettings: swift6,
                          linkerSettings: staticExecutable),

        .target(name: "TestSupport", dependencies: ["SuperviseSystem", "SuperviseStatus"], path: "Tests/TestSupport"),
        .testTarget(name: "ArgumentParsingTests", dependencies: ["ArgumentParsing", "PgctlCore", "TestSupport"]),
        .testTarget(name: "SafeYAMLTests", dependencies: ["SafeYAML", "TestSupport"]),
        .testTarget(name: "SuperviseStatusTests", dependencies: ["SuperviseStatus", "TestSupport"]),
        .testTarget(name: "SuperviseTests", dependencies: ["ServiceDefinition", "Supervise", "TestSupport"]),
        .testTarget(name: "ServiceDefinitionTests", dependencies: ["ServiceDefinition", "SuperviseStatus", "SuperviseSystem", "TestSupport"]),
        .testTarget(name: "SuperviseLogTests", dependencies: ["SuperviseLog", "TestSupport"]),
        .testTarget(name: "ReadinessPollingTests", dependencies: ["ReadinessPolling", "ServiceDefinition", "SuperviseStatus", "TestSupport"]),
        .testTarget(name: "S6CompatTests", dependencies: ["S6Compat", "Supervise", "TestSupport"]),
        .testTarget(name: "PgctlCoreTests", dependencies: ["PgctlCore", "TestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["SuperviseStatus", "SuperviseSystem", "TestSupport"]),
    ]
)
