import FleetCore
import FleetInput
import Foundation
import Yams

/// fleetdeck's configuration file (YAML): store, policy, theme, fleet identity and every feed with its interval,
/// timeout and credentials (file paths or environment variable names only). `deploy/config.yaml` documents every key.
///
/// A valid file becomes command-line settings (`--scrape URL`, …): the commands validate them like flags, and a
/// flag given on the command line replaces the file's setting of the same option.
public enum ConfigFile {
    /// One option the file sets, with its values (empty for a flag such as `--slurm`) and the line that set it.
    public struct Setting: Sendable, Hashable {
        /// The long option, e.g. `--telemetry-interval`.
        public var option: String
        public var values: [String]
        public var line: Int
    }

    /// What a valid configuration file holds.
    public struct Loaded: Sendable {
        /// The settings in file order.
        public var settings: [Setting]
        /// The fleet's name (`fleet.name`), for logs.
        public var fleetName: String?
    }

    /// Largest configuration file read.
    static let maxBytes = 1 << 20

    /// `$XDG_CONFIG_HOME/fleetdeck/config.yaml` (default `~/.config`).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/fleetdeck/config.yaml"
    }

    /// The configuration at `path`, or every error in it (`file:line: field: message`).
    public static func load(path: String) -> Result<Loaded, PolicyErrorList> {
        switch InputFile.read(path, maxBytes: maxBytes) {
        case .success(let data): return parse(String(decoding: data, as: UTF8.self), file: path)
        case .failure(let failure):
            return .failure(PolicyErrorList([PolicyError(file: path, line: 0, field: "", message: "cannot read the file: \(failure.reason)")]))
        }
    }

    /// The configuration in `text` (named `file` in errors), or every error in it.
    public static func parse(_ text: String, file: String) -> Result<Loaded, PolicyErrorList> {
        let errors = PolicyErrors(file: file)
        let root: Yams.Node
        switch PolicyFile.documentRoot(text, file: file) {
        case .success(let node): root = node
        case .failure(let list): return .failure(list)
        }
        var reader = ConfigReader(errors: errors, baseDirectory: (file as NSString).deletingLastPathComponent)
        let top = PolicyNode(node: root, path: "", reader: errors).mapping(allowed: ["store", "policy", "theme", "fleet", "feeds"])
        if let node = top["store"] {
            // A PostgreSQL URL is passed on as it is (`--store` parses it), never with a password in it; anything else
            // is a file, relative to this one.
            if let text = node.string, text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") {
                if URLComponents(string: text)?.password != nil {
                    node.fail("a password in the URL: use ~/.pgpass, a client certificate or a unix-socket peer login")
                } else {
                    reader.add("--store", [text], node)
                }
            } else {
                reader.path(node, "--store", mustExist: false)
            }
        }
        if let node = top["policy"] {
            reader.path(node, "--policy", mustExist: true)
            if let set = reader.settings.last, set.option == "--policy", let path = set.values.first,
               case .failure(let list) = PolicyFile.load(path: path) {
                node.fail("the policy has \(list.errors.count) error(s); see fleetdeck policy check \(path)")
            }
        }
        if let node = top["theme"], let name = node.string { reader.add("--theme", [name], node) }
        var fleetName: String?
        if let fleet = top["fleet"] { fleetName = fleet.mapping(allowed: ["name"])["name"]?.string }
        if let feeds = top["feeds"] { reader.feeds(feeds) }
        guard errors.all.isEmpty else { return .failure(PolicyErrorList(errors.all)) }
        return .success(Loaded(settings: reader.settings, fleetName: fleetName))
    }
}
