import ArgumentParser
import FleetFeeds
import Foundation

/// `fleetdeck config check [FILE]`: validate a configuration file and list every mistake with file, line and field.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with the configuration file.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a configuration file; exit 2 listing every error (file:line: field: message).")

        @Argument(help: "The configuration file (default: $XDG_CONFIG_HOME/fleetdeck/config.yaml).")
        var file: String?

        func run() throws {
            let path = file ?? ConfigFile.defaultPath()
            switch ConfigFile.load(path: path) {
            case .success(let loaded):
                let options = loaded.settings.map(\.option)
                Console.out("\(path): ok — \(loaded.fleetName.map { "fleet \($0), " } ?? "")\(options.count) settings: "
                    + Set(options).sorted().joined(separator: " "))
            case .failure(let list):
                Console.error(list.description + "\n\(list.errors.count) error(s); the file is not used")
                throw ExitCode(2)
            }
        }
    }
}
