import FleetFeeds
import Foundation

/// Applies the configuration file to the command line before it is parsed: each setting becomes the flag it stands
/// for, unless the command line gives that option itself (flags override the file).
enum ConfigArguments {
    /// The commands that read the configuration file, and the options of the file each of them does not take.
    static let commands: [String: Set<String>] = [
        "dashboard": [], "snapshot": [], "collect": ["--theme"], "feeds": ["--theme", "--store"],
    ]

    /// The subcommand `arguments` run (the dashboard when none is named); nil for one that takes no configuration.
    static func command(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return "dashboard" }
        return commands[first] != nil ? first : nil
    }

    /// `arguments` with the configuration file's settings added; a configuration error lists every mistake.
    static func expand(_ arguments: [String]) -> Result<[String], PolicyErrorList> {
        guard let command = command(arguments), !arguments.contains(where: { ["-h", "--help", "help"].contains($0) }) else {
            return .success(arguments)
        }
        let explicit = value(of: "--config", in: arguments)
        let path = explicit ?? ConfigFile.defaultPath()
        guard explicit != nil || FileManager.default.fileExists(atPath: path) else { return .success(arguments) }
        let loaded: ConfigFile.Loaded
        switch ConfigFile.load(path: path) {
        case .success(let l): loaded = l
        case .failure(let list): return .failure(list)
        }
        let skipped = commands[command] ?? []
        let given = Set(arguments.map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? $0 })
        let added = loaded.settings.filter { !given.contains($0.option) && !skipped.contains($0.option) }
            .flatMap { setting in setting.values.isEmpty ? [setting.option] : setting.values.flatMap { [setting.option, $0] } }
        let head = arguments.first == command ? 1 : 0
        return .success(Array(arguments.prefix(head)) + added + arguments.dropFirst(head))
    }

    /// The value of `--name VALUE` or `--name=VALUE`, if given.
    static func value(of name: String, in arguments: [String]) -> String? {
        for (k, argument) in arguments.enumerated() {
            if argument == name, k + 1 < arguments.count { return arguments[k + 1] }
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
        }
        return nil
    }
}
