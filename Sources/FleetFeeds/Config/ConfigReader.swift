import FleetCore
import FleetInput
import Foundation

/// Reads the `feeds` section of a configuration file into settings, checking each value where it is written.
struct ConfigReader {
    let errors: PolicyErrors
    /// Relative paths in the file are relative to the file's directory.
    let baseDirectory: String
    private(set) var settings: [ConfigFile.Setting] = []

    init(errors: PolicyErrors, baseDirectory: String) {
        self.errors = errors
        self.baseDirectory = baseDirectory
    }

    /// Keys that would hold a secret inline: refused, whatever their value.
    static let inlineSecrets: Set<String> = ["token", "password", "jwt", "secret", "basic_auth", "api_key"]

    mutating func add(_ option: String, _ values: [String], _ node: PolicyNode) {
        settings.append(ConfigFile.Setting(option: option, values: values, line: node.line))
    }

    mutating func feeds(_ node: PolicyNode) {
        let m = members(node, ["simulator", "telemetry", "scheduler", "alertmanager", "replay"])
        if let sim = m["simulator"] {
            let s = members(sim, ["seed", "gpus", "teams", "speed", "warmup_minutes"])
            if let n = s["seed"], let v = n.integer(max: Int(UInt32.max)) { add("--seed", [String(v)], n) }
            if let n = s["gpus"], let v = ranged(n, 8...100_000) { add("--gpus", [String(v)], n) }
            if let n = s["teams"], let v = ranged(n, 1...5000) { add("--teams", [String(v)], n) }
            if let n = s["speed"], let v = n.number(max: 100_000) { add("--speed", [String(v)], n) }
            if let n = s["warmup_minutes"], let v = n.integer(max: 525_600) { add("--warmup-minutes", [String(v)], n) }
        }
        if let telemetry = m["telemetry"] { self.telemetry(telemetry) }
        if let scheduler = m["scheduler"] { self.scheduler(scheduler) }
        if let am = m["alertmanager"] {
            let a = members(am, ["file", "listen"])
            if let n = a["file"] { path(n, "--alertmanager-file", mustExist: false) }
            if let n = a["listen"], let v = ranged(n, 1...65_535) { add("--alertmanager-listen", [String(v)], n) }
        }
        if let replay = m["replay"] {
            let r = members(replay, ["trace", "speed"])
            if let n = r["trace"] { path(n, "--replay", mustExist: true) }
            if let n = r["speed"], let v = n.number(max: 100_000) { add("--speed", [String(v)], n) }
        }
    }

    private mutating func telemetry(_ node: PolicyNode) {
        let t = members(node, ["interval", "timeout", "scrape", "file", "prometheus", "nvidia_smi", "nvidia_smi_fields", "inference"])
        seconds(t["interval"], "--telemetry-interval", 0.2...3600)
        seconds(t["timeout"], "--telemetry-timeout", 0.001...600)
        for n in t["scrape"]?.sequence() ?? [] { if let url = url(n) { add("--scrape", [url], n) } }
        if let n = t["file"] { n.node.scalar?.string == "-" ? add("--telemetry-file", ["-"], n) : path(n, "--telemetry-file", mustExist: false) }
        if let p = t["prometheus"] {
            let m = members(p, ["url", "token_file", "token_env"])
            if let n = m["url"] { if let url = url(n) { add("--prometheus", [url], n) } } else { p.fail("url: required") }
            if let n = m["token_file"] { path(n, "--prometheus-token-file", mustExist: true) }
            if let n = m["token_env"] { environmentName(n, "--prometheus-token-env") }
        }
        for n in t["nvidia_smi"]?.sequence() ?? [] { if let s = n.string { add("--nvidia-smi", [s], n) } }
        if let n = t["nvidia_smi_fields"], let s = n.string { add("--nvidia-smi-fields", [s], n) }
        if let inference = t["inference"] {
            let m = members(inference, ["metric", "service_label"])
            if let n = m["metric"], let s = n.string { add("--inference-metric", [s], n) }
            if let n = m["service_label"], let s = n.string { add("--inference-service-label", [s], n) }
        }
    }

    private mutating func scheduler(_ node: PolicyNode) {
        let s = members(node, ["interval", "timeout", "slurm", "slurmrestd", "slurm_json", "kueue", "qos_class"])
        seconds(s["interval"], "--scheduler-interval", 0.2...3600)
        seconds(s["timeout"], "--scheduler-timeout", 0.001...600)
        if let n = s["slurm"] {
            if n.node.scalar != nil {
                if n.bool == true { add("--slurm", [], n) }
            } else if let via = members(n, ["via"])["via"]?.string {
                add("--slurm-via", [via], n)
            }
        }
        if let r = s["slurmrestd"] {
            let m = members(r, ["url", "jwt_file", "jwt_env"])
            if let n = m["url"], let text = n.string {
                if text.hasPrefix("unix:") { add("--slurmrestd", [text], n) } else if let url = url(n) { add("--slurmrestd", [url], n) }
            } else { r.fail("url: required") }
            if let n = m["jwt_file"] { path(n, "--slurm-jwt-file", mustExist: true) }
            if let n = m["jwt_env"] { environmentName(n, "--slurm-jwt-env") }
        }
        for n in s["slurm_json"]?.sequence() ?? [] { path(n, "--slurm-json", mustExist: false) }
        for n in s["kueue"]?.sequence() ?? [] { if let text = n.string { add("--kueue-json", [text], n) } }
        if let q = s["qos_class"] {
            for (qos, cls) in q.mapping(allowed: anyKeys(q)).sorted(by: { $0.key < $1.key }) {
                if let c = cls.string { add("--qos-class", ["\(qos)=\(c)"], cls) }
            }
        }
    }

    /// A mapping's members; keys that would hold a secret get their own message.
    private func members(_ node: PolicyNode, _ allowed: Set<String>) -> [String: PolicyNode] {
        let secrets = anyKeys(node).intersection(Self.inlineSecrets)
        for key in secrets.sorted() {
            let line = node.node.mapping?.first { $0.key.string == key }?.key.mark?.line ?? node.line
            errors.add(line: line, field: node.path.isEmpty ? key : "\(node.path).\(key)",
                       "secrets are never written in the config file: name a file (token_file, jwt_file) or an environment variable (token_env, jwt_env)")
        }
        return node.mapping(allowed: allowed.union(secrets))
            .filter { !secrets.contains($0.key) }
    }

    private func anyKeys(_ node: PolicyNode) -> Set<String> { Set(node.node.mapping?.compactMap { $0.key.string } ?? []) }

    private func ranged(_ node: PolicyNode, _ range: ClosedRange<Int>) -> Int? {
        guard let v = node.integer(max: range.upperBound) else { return nil }
        guard range.contains(v) else { node.fail("must be \(range.lowerBound)…\(range.upperBound)"); return nil }
        return v
    }

    private mutating func seconds(_ node: PolicyNode?, _ option: String, _ range: ClosedRange<Double>) {
        guard let node, let v = node.duration else { return }
        guard range.contains(v) else { node.fail("must be \(range.lowerBound)…\(PolicyLimits.text(range.upperBound)) seconds"); return }
        add(option, [String(v)], node)
    }

    /// An http(s) URL without credentials in it.
    private func url(_ node: PolicyNode) -> String? {
        guard let text = node.string else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            node.fail("expected an http:// or https:// URL"); return nil
        }
        guard url.user == nil, url.password == nil else {
            node.fail("credentials in the URL: name a token file or an environment variable instead"); return nil
        }
        return text
    }

    /// A file path (relative to the config file's directory); with `mustExist`, a readable regular file.
    mutating func path(_ node: PolicyNode, _ option: String, mustExist: Bool) {
        guard let text = node.string else { return }
        let path = text.hasPrefix("/") || text.hasPrefix("~") ? (text as NSString).expandingTildeInPath
            : (baseDirectory as NSString).appendingPathComponent(text)
        if mustExist, let problem = InputFile.problem(path) { node.fail(problem.reason); return }
        add(option, [path], node)
    }

    private mutating func environmentName(_ node: PolicyNode, _ option: String) {
        guard let name = node.string else { return }
        let valid = name.first.map { $0 == "_" || $0.isLetter } == true && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard valid else { node.fail("expected an environment variable name (letters, digits, _), not its value"); return }
        add(option, [name], node)
    }
}
