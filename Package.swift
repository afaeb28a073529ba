// swift-tools-version: 6.1
import PackageDescription

/// Executables that must not link Foundation: the supervisor and its s6 client tools.
let noFoundation: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// A fully static executable (Swift runtime and libc): no dynamic loader work at start-up.
/// Linked with lld: GNU ld warns at every link that the Swift runtime's optional
/// prespecialization loader calls `dlopen` (never used by these programs); lld does not.
let staticExecutable: [LinkerSetting] = [.unsafeFlags(["-static-executable", "-use-ld=lld"])]

/// The Swift runtime and Foundation linked statically in release builds (glibc stays dynamic).
/// The modules that import Foundation are compiled with the same flag (``staticFoundationInRelease``)
/// so that they autolink the static Foundation's own dependencies (CoreFoundation, ICU).
let staticSwiftRuntimeInRelease: [LinkerSetting] = [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]

/// See ``staticSwiftRuntimeInRelease``.
let staticFoundationInRelease: [SwiftSetting] = [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]

let package = Package(
    name: "pgctl",
    platforms: [.macOS(.v13)],
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
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C shim: the fork→exec child path, signalfd set-up, fcntl locks, wait-status macros.
        .target(name: "CSupervise"),
        // Typed syscall layer; the only importer of Glibc and CSupervise.
        .target(name: "SuperviseSystem", dependencies: ["CSupervise"], swiftSettings: noFoundation),
        // Pure codecs for the s6 on-disk protocol. Imports nothing.
        .target(name: "SuperviseStatus", swiftSettings: noFoundation),
        // Log capture in s6-log's format: timestamps, line assembly, rotation. No Foundation.
        .target(name: "SuperviseLog", dependencies: ["CSupervise", "SuperviseSystem", "SuperviseStatus"], swiftSettings: noFoundation),
        // The supervisor: service directory, state machine, event loop.
        .target(name: "Supervise", dependencies: ["SuperviseSystem", "SuperviseStatus", "SuperviseLog"], swiftSettings: noFoundation),
        // s6 command-line conventions and the client tools' logic.
        .target(name: "S6Compat", dependencies: ["Supervise", "SuperviseSystem", "SuperviseStatus"], swiftSettings: noFoundation),
        // pgctl's domain logic.
        .target(
            name: "PgctlCore",
            dependencies: ["S6Compat", "Supervise", "SuperviseSystem", "SuperviseStatus", "ReadinessPolling", "Yams"],
            swiftSettings: staticFoundationInRelease),

        // Linked as a fully static executable: one supervisor runs per service, and without
        // ld.so relocating libswiftCore & co. its private memory matches s6-supervise's and it
        // starts as fast (measurements in docs/benchmarks.md).
        .executableTarget(name: "s6-supervise", dependencies: ["Supervise"], swiftSettings: noFoundation,
                          linkerSettings: staticExecutable),
        // The client tools and pgctl-poll-ready are static too: without ld.so relocating the
        // Swift runtime they start in ≈ 0.6 ms instead of ≈ 3 ms (scripts call them in loops).
        .executableTarget(name: "s6-svc", dependencies: ["S6Compat"], swiftSettings: noFoundation, linkerSettings: staticExecutable),
        .executableTarget(name: "s6-svstat", dependencies: ["S6Compat"], swiftSettings: noFoundation, linkerSettings: staticExecutable),
        .executableTarget(name: "s6-svok", dependencies: ["S6Compat"], swiftSettings: noFoundation, linkerSettings: staticExecutable),
        .executableTarget(name: "s6-svwait", dependencies: ["S6Compat"], swiftSettings: noFoundation, linkerSettings: staticExecutable),
        // pgctl (and pgctl-fuser, which shares its core) link the Swift runtime and Foundation
        // statically in release builds: ld.so relocating libFoundation & co. cost ≈ 4.5 ms of
        // every command (`pgctl --version` 6.9 ms → 2.7 ms) for a larger binary (≈ 80 MB).
        // glibc stays dynamic (NSS for the home directory). Debug builds stay dynamic.
        .executableTarget(
            name: "pgctl",
            dependencies: ["PgctlCore"], swiftSettings: staticFoundationInRelease, linkerSettings: staticSwiftRuntimeInRelease),
        // pgctl-poll-ready's logic: ready checks, down-event listening, the monitor process.
        .target(name: "ReadinessPolling", dependencies: ["S6Compat", "SuperviseSystem", "SuperviseStatus", "SuperviseLog"], swiftSettings: noFoundation),
        .executableTarget(name: "pgctl-poll-ready", dependencies: ["ReadinessPolling"], swiftSettings: noFoundation,
                          linkerSettings: staticExecutable),
        .executableTarget(name: "pgctl-fuser", dependencies: ["PgctlCore"], swiftSettings: staticFoundationInRelease,
                          linkerSettings: staticSwiftRuntimeInRelease),

        .target(name: "TestSupport", dependencies: ["SuperviseSystem", "SuperviseStatus"], path: "Tests/TestSupport"),
        .testTarget(name: "SuperviseStatusTests", dependencies: ["SuperviseStatus", "TestSupport"]),
        .testTarget(name: "SuperviseTests", dependencies: ["Supervise", "TestSupport"]),
        .testTarget(name: "SuperviseLogTests", dependencies: ["SuperviseLog", "TestSupport"]),
        .testTarget(name: "ReadinessPollingTests", dependencies: ["ReadinessPolling", "SuperviseStatus", "TestSupport"]),
        .testTarget(name: "S6CompatTests", dependencies: ["S6Compat", "TestSupport"]),
        .testTarget(name: "PgctlCoreTests", dependencies: ["PgctlCore", "TestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["SuperviseStatus", "SuperviseSystem", "TestSupport"]),
    ]
)
