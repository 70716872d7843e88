import FleetCore

/// Caps on what one input may make fleetdeck allocate or recurse into. A value past a cap is refused with a located
/// error rather than trusted: a one-line file must not be able to exhaust the stack or the memory.
public enum InputLimits {
    /// Deepest nesting of mappings and lists any parser accepts (real feeds and policies stay under 30).
    public static let maxNesting = 100
    /// Most GPUs one scheduler node may report (an NVL72 rack is 72; Slurm nodes have 4–16).
    public static let maxGPUsPerNode = 1024
    /// Most GPUs one job may ask for.
    public static let maxGPUsPerJob = 100_000
    /// Most GPUs a fleet built from a feed or trace may have: every GPU costs state, history and a row.
    public static let maxFleetGPUs = 100_000
    /// Longest piece of input quoted in an error message.
    public static let maxQuoted = 200

    /// An input format with the largest size read of it.
    public enum Format: String, Sendable, CaseIterable {
        case policy = "a policy file"
        case slurmJSON = "Slurm JSON"
        case kueue = "Kueue JSON/YAML"
        case trace = "a trace"
        case nvidiaSMI = "nvidia-smi output"
        case prometheus = "a Prometheus API response"
        case focusCSV = "a FOCUS billing export"

        /// Largest input accepted, in bytes.
        public var maxBytes: Int {
            switch self {
            case .policy: 4 << 20
            case .slurmJSON: 256 << 20
            case .kueue: 64 << 20
            case .trace: 256 << 20
            case .nvidiaSMI: 16 << 20
            case .prometheus: 64 << 20
            case .focusCSV: 256 << 20
            }
        }
    }

    /// Why an input of `bytes` bytes is refused as `format`, or nil when it is small enough.
    public static func sizeProblem(_ bytes: Int, _ format: Format) -> String? {
        guard bytes > format.maxBytes else { return nil }
        return "\(megabytes(bytes)) is too large: at most \(megabytes(format.maxBytes)) of \(format.rawValue) is read"
    }

    /// `text` cleaned of control characters and cut to `maxQuoted` characters, for quoting in an error.
    public static func quote(_ text: some StringProtocol) -> String {
        let cleaned = FeedText.clean(text)
        guard cleaned.count > maxQuoted else { return cleaned }
        return String(cleaned.prefix(maxQuoted)) + "…"
    }

    private static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}
