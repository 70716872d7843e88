/// Trend of an exponential-smoothing model.
public enum ETSTrend: String, Codable, Sendable, Hashable {
    case none, linear, damped
}

/// A forecasting method the engine can choose for a series (per horizon band).
public enum ForecastMethod: Codable, Sendable, Hashable {
    /// The last value, repeated.
    case naive
    /// The value one season (`period` steps) earlier.
    case seasonalNaive(period: Int)
    /// The last value plus the mean change from the same phase over every earlier season: last week's rises and
    /// falls, averaged over the history, from where the series is now (a growing queue keeps growing as it did).
    case seasonalDrift(period: Int)
    /// Additive exponential smoothing: level, `trend`, and a season of `period` steps (0: none).
    case ets(trend: ETSTrend, period: Int)

    /// Short name for tables: "naive", "snaive 24", "ETS damped+168".
    public var label: String {
        switch self {
        case .naive: "naive"
        case .seasonalNaive(let m): "snaive \(m)"
        case .seasonalDrift(let m): "drift+\(m)"
        case .ets(let trend, let m):
            "ETS " + (trend == .none ? "level" : trend.rawValue) + (m > 0 ? "+\(m)" : "")
        }
    }

    /// Whether this is one of the naive benchmarks (naive, seasonal naive).
    public var isNaive: Bool {
        switch self {
        case .naive, .seasonalNaive: true
        case .seasonalDrift, .ets: false
        }
    }

    /// Seasonal period in steps (0 for none).
    var period: Int {
        switch self {
        case .naive: 0
        case .seasonalNaive(let m), .seasonalDrift(let m), .ets(_, let m): m
        }
    }

    /// Smoothing parameters fitted (α, β, φ, γ as the method has them).
    var parameterCount: Int {
        guard case .ets(let trend, let m) = self else { return 0 }
        return 1 + (trend == .none ? 0 : 1) + (trend == .damped ? 1 : 0) + (m > 0 ? 1 : 0)
    }

    /// Steps of history consumed before the first one-step forecast.
    var warmup: Int { max(1, period) }
}

/// One forecast value with its 95 % prediction interval.
public struct ForecastPoint: Codable, Sendable, Hashable {
    public var mean: Double
    public var low: Double
    public var high: Double
    public init(mean: Double, low: Double, high: Double) {
        self.mean = mean
        self.low = low
        self.high = high
    }
}
