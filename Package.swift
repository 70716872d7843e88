// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "fleetdeck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fleetdeck", targets: ["fleetdeck"]),
        .executable(name: "fleetbench", targets: ["fleetbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // logfmt lines of `fleetdeck collect` go through the standard logging API (1.16: LogHandler.log(event:)).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        // The shared store's PostgreSQL client (issue #15): no other driver, no ORM.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    ],
    targets: [
        // Pure domain: model, events, reducer, KPIs. No I/O, no terminal, no database.
        .target(name: "FleetCore"),
        // Reading user-named files: regular files only, non-blocking, size-capped, with the reason on failure.
        .target(name: "FleetInput"),
        // Event log, snapshots and the hash-chained audit log in SQLite (GRDB); generic over Codable payloads.
        // SHA-256 for the audit chain comes from swift-crypto (BoringSSL on Linux, CryptoKit on Apple).
        // Snapshots are compressed with zlib (deflate level 1, run-length matches, 4 MB chunks).
        .target(name: "FleetStore", dependencies: [
            "FleetInput", "CZlib",
            .product(name: "GRDB", package: "GRDB.swift"),
            // The SQLite C API, for reading audit blobs in place while verifying a million records.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The same store contract on PostgreSQL, for a team sharing one live fleet; synchronous calls with deadlines.
        .target(name: "FleetStorePostgres", dependencies: [
            "FleetStore", "FleetInput",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Sources of events: the simulated fleet, telemetry, schedulers (Kueue manifests are YAML: Yams).
        .target(name: "FleetFeeds", dependencies: ["FleetCore", "FleetInput", .product(name: "Yams", package: "Yams")]),
        // The one writer loop: runs the feeds, applies each event once to its state and writes it under the fence.
        .target(name: "FleetWriter", dependencies: ["FleetCore", "FleetFeeds", "FleetStore"]),
        // Terminal-independent drawing: cell buffer, widgets, themes, backend protocol, in-memory backend.
        .target(name: "FleetTUI", dependencies: ["FleetInput"]),
        // Panes, key map and UI state: pure functions of fleet state into a cell buffer.
        .target(name: "FleetPanes", dependencies: ["FleetCore", "FleetTUI"]),
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The ncursesw backend.
        .target(name: "FleetTerminal", dependencies: ["CNcursesw", "FleetTUI"]),
        .executableTarget(name: "fleetdeck", dependencies: [
            "FleetCore", "FleetStore", "FleetStorePostgres", "FleetFeeds", "FleetWriter", "FleetTUI", "FleetPanes", "FleetTerminal",
            "FleetInput", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Benchmarks of the performance figures (run in release mode; see README).
        .executableTarget(name: "fleetbench", dependencies: ["FleetCore", "FleetFeeds", "FleetStore", "FleetStorePostgres", "FleetWriter",
                                                             "FleetTUI", "FleetPanes"]),
        .testTarget(name: "FleetCoreTests", dependencies: ["FleetCore", "FleetFeeds"]),
        .testTarget(name: "FleetFeedsTests", dependencies: ["FleetCore", "FleetFeeds", "FleetInput"]),
        .testTarget(name: "FleetWriterTests", dependencies: ["FleetCore", "FleetFeeds", "FleetStore", "FleetWriter"]),
        // The snapshot tests round-trip simulated `FleetState`s and write old-format (JSON) snapshot rows with GRDB.
        .testTarget(name: "FleetStoreTests", dependencies: ["FleetStore", "FleetCore", "FleetFeeds",
                                                           .product(name: "GRDB", package: "GRDB.swift")]),
        // The store contract run against SQLite and a real PostgreSQL (scripts/postgres-up.sh); its catch-up check
        // replays simulated `FleetState`s.
        .testTarget(name: "FleetStoreContractTests", dependencies: [
            "FleetStore", "FleetStorePostgres", "FleetCore", "FleetFeeds", "FleetWriter",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "FleetTUITests", dependencies: ["FleetTUI"]),
        // Golden/ holds the recorded frames; the tests read and write them by path.
        .testTarget(name: "FleetPanesTests", dependencies: ["FleetCore", "FleetFeeds", "FleetTUI", "FleetPanes"],
                    exclude: ["Golden"]),
        // Drives the real binary in tmux; depends on the executable so it is built first.
        .testTarget(name: "EndToEndTests", dependencies: ["fleetdeck"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses for every parser (Fuzz/Targets), built only by scripts/fuzz.sh: the target has no `main`
// (libFuzzer's comes with -sanitize=fuzzer), so an ordinary build must not see it.
if ProcessInfo.processInfo.environment["FLEETDECK_FUZZ"] == "1" {
    package.targets += [
        .target(name: "CFuzzDriver", path: "Fuzz/CDriver"),
        .executableTarget(name: "FleetFuzz", dependencies: ["CFuzzDriver", "FleetCore", "FleetFeeds", "FleetTUI"], path: "Fuzz/Targets"),
    ]
}
