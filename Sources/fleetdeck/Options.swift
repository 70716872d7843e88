import ArgumentParser
import FleetFeeds
import FleetInput
import FleetStore
import Foundation

/// Where the state lives.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: """
        The store: an SQLite file, or a PostgreSQL database shared by a team \
        (postgresql://user@host:5432/database?sslmode=verify-full; the password from ~/.pgpass or $PGPASSFILE). Default: $XDG_STATE_HOME/fleetdeck/fleet.sqlite for the \
        simulator, live.sqlite for live feeds, replay.sqlite for --replay.
        """)
    var store: String?

    func validate() throws { _ = try StoreArgument.parse(store) }

    /// The store to open: live feeds, trace replays and the simulator keep separate default files.
    func address(for feeds: FeedOptions) throws -> StoreAddress {
        let file = feeds.replay != nil ? "replay.sqlite" : feeds.hasLiveFeeds ? "live.sqlite" : "fleet.sqlite"
        return try StoreArgument.parse(store) ?? .sqlite(path: StoreLocation.defaultPath(file: file))
    }
}

/// The store a headless command acts on, without the feed options (`request` takes `--gpus` for itself).
struct TargetStore: ParsableArguments {
    @Option(name: .long, help: "The store: an SQLite file or a postgresql:// URL (default: the simulator's, or with --live the live feeds' store).")
    var store: String?
    @Flag(name: .long, help: "Use the live feeds' default store (live.sqlite) instead of the simulator's.")
    var live = false

    func validate() throws { _ = try StoreArgument.parse(store) }

    /// The store to open.
    func address() throws -> StoreAddress {
        try StoreArgument.parse(store) ?? .sqlite(path: StoreLocation.defaultPath(file: live ? "live.sqlite" : "fleet.sqlite"))
    }
}

/// `--store`'s value as a `StoreAddress`; a bad URL is a usage error that never repeats the URL (it may hold a password).
enum StoreArgument {
    static func parse(_ text: String?) throws -> StoreAddress? {
        guard let text else { return nil }
        do {
            return try StoreAddress(text)
        } catch {
            throw ValidationError("--store: \(error)")
        }
    }
}

/// Which feeds run: live telemetry sources, or the simulator when none is configured.
struct FeedOptions: ParsableArguments {
    @Option(name: .long, help: """
        Configuration file (YAML; see deploy/config.yaml); default $XDG_CONFIG_HOME/fleetdeck/config.yaml when it exists. \
        Flags given on the command line replace its settings.
        """)
    var config: String?

    @Option(name: .long, help: "Inference request counter to read with telemetry for cost per inference (e.g. vllm:request_success_total).")
    var inferenceMetric: String?

    @Option(name: .long, help: "Label of --inference-metric naming the service (default model_name).")
    var inferenceServiceLabel = "model_name"

    @Option(name: .long, help: "Read Alertmanager webhook payloads (JSON) from this file; re-read when it changes.")
    var alertmanagerFile: String?

    @Option(name: .long, parsing: .unconditional, help: "Receive Alertmanager webhooks on 127.0.0.1:PORT (loopback only).")
    var alertmanagerListen: UInt16?

    @Option(name: .long, help: "Scrape a DCGM exporter / nvidia_gpu_exporter /metrics URL (repeatable).")
    var scrape: [String] = []

    @Option(name: .long, help: "Read an exposition file (re-read every interval), or - for expositions on stdin.")
    var telemetryFile: String?

    @Option(name: .long, help: """
        Query a Prometheus server's HTTP API (base URL). Credentials: $FLEETDECK_PROMETHEUS_TOKEN (bearer),         $FLEETDECK_PROMETHEUS_BASIC_AUTH (user:password), or --prometheus-token-file.
        """)
    var prometheus: String?

    @Option(name: .long, help: "File holding a bearer token for --prometheus (never pass secrets on the command line).")
    var prometheusTokenFile: String?

    @Option(name: .long, help: "Environment variable holding a bearer token for --prometheus (instead of $FLEETDECK_PROMETHEUS_TOKEN).")
    var prometheusTokenEnv: String?

    @Option(name: .long, help: """
        nvidia-smi output (-q -x XML or --query-gpu CSV): a file, or a command run every interval (e.g.         'ssh gpu1 nvidia-smi -q -x'); repeatable, each is its own source. GPUs go on the host the output names, else         on a file's name (gpu1.xml → gpu1).
        """)
    var nvidiaSmi: [String] = []

    @Option(name: .long, help: """
        The --query-gpu fields (comma-separated, in order) of header-less nvidia-smi CSV (--format=csv,noheader),         for every --nvidia-smi file or command whose output has no header line.
        """)
    var nvidiaSmiFields: String?

    @Option(name: .long, parsing: .unconditional, help: "Seconds between telemetry updates.")
    var telemetryInterval: Double = 15

    @Option(name: .long, parsing: .unconditional, help: "Seconds before a telemetry fetch or command is given up (and killed).")
    var telemetryTimeout: Double = 10

    @Flag(name: .long, help: "Run the local Slurm commands (squeue/sinfo/sacct --json) every --scheduler-interval.")
    var slurm = false

    @Option(name: .long, help: "Prefix for the Slurm commands, e.g. 'ssh login1' (implies --slurm).")
    var slurmVia: String?

    @Option(name: .long, help: """
        slurmrestd base URL (http://host:6820 with the JWT from $SLURM_JWT or --slurm-jwt-file and the user from         $FLEETDECK_SLURM_USER or $USER), or unix:/path/to/slurmrestd.socket (local auth).
        """)
    var slurmrestd: String?

    @Option(name: .long, help: "File holding the slurmrestd JWT (never pass secrets on the command line).")
    var slurmJwtFile: String?

    @Option(name: .long, help: "Environment variable holding the slurmrestd JWT (instead of $SLURM_JWT).")
    var slurmJwtEnv: String?

    @Option(name: .long, help: "A saved squeue/sinfo/sacct --json or slurmrestd response, re-read every interval (repeatable).")
    var slurmJson: [String] = []

    @Option(name: .long, help: """
        Kueue objects: a file (JSON or YAML, re-read every interval) or a command run every interval, e.g.         'kubectl get clusterqueues,localqueues,workloads,cohorts,resourceflavors,workloadpriorityclasses -A -o json'         (repeatable; a visibility API pendingworkloads summary in the same output gives queue positions).
        """)
    var kueueJson: [String] = []

    @Option(name: .long, help: "Map a Slurm QOS or Kueue priority class to a fleetdeck priority class, QOS=CLASS (repeatable).")
    var qosClass: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Seconds between scheduler polls.")
    var schedulerInterval: Double = 30

    @Option(name: .long, parsing: .unconditional, help: "Seconds before a scheduler command or request is given up (and killed).")
    var schedulerTimeout: Double = 20

    @Option(name: .long, help: """
        Replay a cluster trace as a live scheduler feed at --speed: the Alibaba v2023 openb_pod_list CSV (node list         beside it) or fleetdeck's CSV (team,submit,start,end,gpus,gpu_model,priority; see README).
        """)
    var replay: String?

    @Option(name: .long, help: """
        Policy file (YAML; see policy.example.yaml): org tree, quotas, budgets, priority classes, prices, thresholds.         Re-read when it changes; an edit with errors is reported and the previous policy stays. Without it the         simulated fleet uses its built-in demo policy; live sources and replays get the default classes         and no prices, quotas or budgets (cost shows as missing), and the header says so.
        """)
    var policy: String?

    @Flag(name: .long, help: "Run the built-in simulated fleet (the default when no other feed is configured).")
    var simulate = false

    @Option(name: .long, parsing: .unconditional, help: "Simulator seed; equal seeds give identical fleets.")
    var seed: UInt64 = 42

    @Option(name: .long, parsing: .unconditional, help: "Fleet seconds per wall second for the simulator or a --replay.")
    var speed: Double = 30

    @Option(name: .long, parsing: .unconditional, help: "Simulated GPUs (8 to 100000).")
    var gpus: Int = 512

    @Option(name: .long, parsing: .unconditional, help: "Simulated teams.")
    var teams: Int = 9

    @Option(name: .long, parsing: .unconditional, help: "Simulated minutes to fast-forward before going live on a new store.")
    var warmupMinutes: Int = 480

    /// Largest token file read (a JWT is a few KiB).
    static let maxSecretBytes = 64 << 10

    func validate() throws {
        guard telemetryInterval >= 0.2, telemetryInterval <= 3600 else { throw ValidationError("--telemetry-interval must be 0.2…3600") }
        guard telemetryTimeout > 0, telemetryTimeout <= 600 else { throw ValidationError("--telemetry-timeout must be 0…600") }
        guard schedulerInterval >= 0.2, schedulerInterval <= 3600 else { throw ValidationError("--scheduler-interval must be 0.2…3600") }
        if let policy, case .failure(let list) = PolicyFile.load(path: policy) {
            throw ValidationError("--policy \(policy) has \(list.errors.count) error(s):\n\(list.description)")
        }
        if nvidiaSmiFields != nil, nvidiaSmi.isEmpty { throw ValidationError("--nvidia-smi-fields needs --nvidia-smi") }
        if let list = nvidiaSmiFieldList, !list.contains(where: { ["uuid", "gpu_uuid"].contains($0.lowercased()) }) {
            throw ValidationError("--nvidia-smi-fields must include uuid (the GPU's identity), got '\(nvidiaSmiFields ?? "")'")
        }
        for pair in qosClass where !pair.contains("=") { throw ValidationError("--qos-class wants QOS=CLASS, got '\(pair)'") }
        guard schedulerTimeout > 0, schedulerTimeout <= 600 else { throw ValidationError("--scheduler-timeout must be 0…600") }
        guard speed > 0, speed <= 100_000 else { throw ValidationError("--speed must be between 0 and 100000") }
        guard (8...100_000).contains(gpus) else { throw ValidationError("--gpus must be between 8 and 100000") }
        guard (1...5000).contains(teams) else { throw ValidationError("--teams must be between 1 and 5000") }
    }

    /// The configured telemetry sources, in a stable order.
    func telemetrySources() throws -> [TelemetrySourceConfig] {
        var out = scrape.map { TelemetrySourceConfig.scrape(url: $0) }
        if let telemetryFile { out.append(.file(path: telemetryFile)) }
        if let prometheus { out.append(.prometheus(url: prometheus, auth: try prometheusAuth())) }
        out += TelemetrySourceConfig.nvidiaSMI(nvidiaSmi, fields: nvidiaSmiFieldList)
        return out
    }

    /// The `--nvidia-smi-fields` names, trimmed; nil when not given.
    var nvidiaSmiFieldList: [String]? {
        nvidiaSmiFields.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// Priority class of each mapped QOS name.
    var classOfQOS: [String: String] {
        Dictionary(qosClass.compactMap { pair in
            pair.firstIndex(of: "=").map { (String(pair[..<$0]), String(pair[pair.index(after: $0)...])) }
        }, uniquingKeysWith: { _, last in last })
    }

    /// The configured scheduler sources, in a stable order.
    func schedulerSources() throws -> [SchedulerSourceConfig] {
        var out: [SchedulerSourceConfig] = []
        if slurm || slurmVia != nil { out.append(.slurmCommands(via: slurmVia)) }
        if let slurmrestd { out.append(.slurmrestd(url: slurmrestd, auth: try slurmAuth(for: slurmrestd))) }
        out += slurmJson.map { SchedulerSourceConfig.slurmJSON(path: $0) }
        out += kueueJson.map { SchedulerSourceConfig.kueue($0) }
        return out
    }

    /// Whether any live feed is configured (then the simulator does not run unless asked for).
    var hasLiveFeeds: Bool {
        !scrape.isEmpty || telemetryFile != nil || prometheus != nil || !nvidiaSmi.isEmpty
            || slurm || slurmVia != nil || slurmrestd != nil || !slurmJson.isEmpty || !kueueJson.isEmpty
    }

    /// JWT auth for an HTTP slurmrestd; a unix socket uses local auth and needs none.
    private func slurmAuth(for url: String) throws -> SlurmAuth? {
        guard !url.hasPrefix("unix:") else { return nil }
        let env = ProcessInfo.processInfo.environment
        var token = env[slurmJwtEnv ?? "SLURM_JWT"]
        if let file = slurmJwtFile {
            guard case .success(let data) = InputFile.read(file, maxBytes: FeedOptions.maxSecretBytes) else {
                throw ValidationError("--slurm-jwt-file: \(InputFile.problem(file) ?? InputFile.Failure(path: file, reason: "larger than 64 KiB"))")
            }
            let text = String(decoding: data, as: UTF8.self)
            // `scontrol token` prints `SLURM_JWT=…`; a bare token works too.
            token = text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "SLURM_JWT=", with: "")
        }
        guard let token, !token.isEmpty else { return nil }
        let user = env["FLEETDECK_SLURM_USER"] ?? env["USER"] ?? "root"
        return SlurmAuth(user: user, token: token)
    }

    private func prometheusAuth() throws -> HTTPAuth? {
        let env = ProcessInfo.processInfo.environment
        if let file = prometheusTokenFile {
            guard case .success(let data) = InputFile.read(file, maxBytes: FeedOptions.maxSecretBytes) else {
                throw ValidationError("--prometheus-token-file: \(InputFile.problem(file) ?? InputFile.Failure(path: file, reason: "larger than 64 KiB"))")
            }
            let token = String(decoding: data, as: UTF8.self)
            return .bearer(token.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let token = env[prometheusTokenEnv ?? "FLEETDECK_PROMETHEUS_TOKEN"], !token.isEmpty { return .bearer(token) }
        if let pair = env["FLEETDECK_PROMETHEUS_BASIC_AUTH"], let colon = pair.firstIndex(of: ":") {
            return .basic(user: String(pair[..<colon]), password: String(pair[pair.index(after: colon)...]))
        }
        return nil
    }

    /// The trace to replay, read now so that a bad file stops the command with its error.
    func replayTrace() throws -> ReplayTrace? {
        guard let replay else { return nil }
        switch TraceLoader.load(path: replay) {
        case .success(let trace): return trace
        case .failure(let error): throw ValidationError("--replay \(replay): \(error)")
        }
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
