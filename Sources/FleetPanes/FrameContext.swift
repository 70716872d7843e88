import FleetCore
import FleetTUI

/// Everything a frame is drawn from besides the UI state: rendering is a pure function of these.
public struct FrameContext: Sendable {
    public var state: FleetState
    public var kpis: FleetKPIs
    public var theme: Theme
    /// Wall clock, epoch seconds.
    public var wallNow: Double
    /// "writer" when this process runs the feeds, "follower" when another one does.
    public var role: String
    public var readOnly: Bool
    /// Simulation speed when the simulator runs here, for the header.
    public var simulationSpeed: Double?
    /// A one-line notice for the user (e.g. a broken theme file), shown until dismissed.
    public var notice: String?
    /// The OS user acting in this dashboard ("" when not known, e.g. in tests).
    public var identity: String = ""
    /// Where derived rows are kept between frames of the same state; nil derives them each frame.
    public var cache: FrameCache?
    /// What the dashboard is loading while it has no fleet yet; nil when nothing is.
    public var progress: LoadProgress?
    /// Whether the shared store's view may be behind (its server unreachable, no writer heard); nil while live.
    public var storeStale: StoreStaleness?
    /// The review pack `:review` shows, as the runtime loaded it (nil: none asked for yet).
    public var review: ReviewLoad?

    /// Policy roles of the acting identity; empty means view only.
    public var identityRoles: [String] {
        identity.isEmpty ? [] : Permissions.roleNames(of: identity, rules: state.policy?.rules ?? PolicyRules())
    }

    /// A context for one frame.
    public init(state: FleetState, kpis: FleetKPIs, theme: Theme, wallNow: Double, role: String, readOnly: Bool,
                simulationSpeed: Double?, notice: String?, identity: String = "",
                cache: FrameCache? = nil, progress: LoadProgress? = nil) {
        self.state = state
        self.kpis = kpis
        self.theme = theme
        self.wallNow = wallNow
        self.role = role
        self.readOnly = readOnly
        self.simulationSpeed = simulationSpeed
        self.notice = notice
        self.identity = identity
        self.cache = cache
        self.progress = progress
    }
}

/// A shared store whose view may be behind: the header says so, and for how long, over the last state it holds.
public struct StoreStaleness: Sendable, Equatable {
    /// When the view was last known current, epoch seconds.
    public var since: Double
    /// Why, in a few words.
    public var reason: String

    public init(since: Double, reason: String) {
        self.since = since
        self.reason = reason
    }
}
