/// What kind of source a feed is. Open (a new source brings its own kind) and stored as its plain string, so saved
/// feed statuses stay readable; the kinds fleetdeck judges by are named here.
public struct FeedKind: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    /// A kind named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A kind written as a literal.
    public init(stringLiteral value: String) { rawValue = value }

    public var description: String { rawValue }

    public static let simulator: FeedKind = "simulator"
    public static let traceReplay: FeedKind = "trace-replay"
    public static let alertmanager: FeedKind = "alertmanager"
    public static let policyFile: FeedKind = "policy-file"
    public static let dcgmScrape: FeedKind = "dcgm-scrape"
    public static let expositionFile: FeedKind = "exposition-file"
    public static let prometheusAPI: FeedKind = "prometheus-api"
    public static let nvidiaSMI: FeedKind = "nvidia-smi"

    /// Whether the feed reports live GPU readings, which age against the wall clock and its interval. The simulator's
    /// readings age on the fleet clock; alerts, policies, schedulers and replays report no readings at all.
    public var isTelemetry: Bool { [.dcgmScrape, .expositionFile, .prometheusAPI, .nvidiaSMI].contains(self) }
}
