import ArgumentParser
import FleetFeeds
import FleetStore
import Foundation

/// Where the state lives.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite store file (default: $XDG_STATE_HOME/fleetdeck/fleet.sqlite).")
    var store: String?

    /// The store path to open.
    var path: String { store ?? StoreLocation.defaultPath() }
}

/// Which feeds run. Only the simulator exists so far; it runs when no other feed is configured.
struct FeedOptions: ParsableArguments {
    @Flag(name: .long, help: "Run the built-in simulated fleet (the default when no other feed is configured).")
    var simulate = false

    @Option(name: .long, help: "Simulator seed; equal seeds give identical fleets.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Fleet seconds per wall second for the simulator.")
    var speed: Double = 30

    @Option(name: .long, help: "Simulated GPUs (8 to 100000).")
    var gpus: Int = 512

    @Option(name: .long, help: "Simulated teams.")
    var teams: Int = 9

    @Option(name: .long, help: "Simulated minutes to fast-forward before going live on a new store.")
    var warmupMinutes: Int = 480

    func validate() throws {
        guard speed > 0, speed <= 100_000 else { throw ValidationError("--speed must be between 0 and 100000") }
        guard (8...100_000).contains(gpus) else { throw ValidationError("--gpus must be between 8 and 100000") }
        guard (1...5000).contains(teams) else { throw ValidationError("--teams must be between 1 and 5000") }
    }

    /// Simulator settings.
    var simulatorConfig: SimulatorConfig { SimulatorConfig(seed: seed, gpuCount: gpus, teamCount: teams) }
}

/// How the dashboard looks and what it may do.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "Theme name (default, light, high-contrast, colorblind) or path to a .theme file.")
    var theme: String = "default"

    @Flag(name: .long, help: "Remove every action that changes the fleet.")
    var readOnly = false
}
