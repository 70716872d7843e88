import FleetCore

/// A what-if applied to every demand forecast in `:forecast` (keys `+` `-` `a` `n` `m`).
public struct ForecastScenario: Sendable, Hashable {
    /// Extra demand growth over 30 days, percent (reached linearly).
    public var growthPercent = 0.0
    /// The timeline runs twice as fast (a roadmap pulled in).
    public var accelerated = false
    /// GPUs a new model needs from now on.
    public var newModelGPUs = 0
    /// Dense models replaced by mixture-of-experts ones: demand × 0.6.
    public var mixtureOfExperts = false

    /// New-model sizes `n` cycles through.
    static let newModelSizes = [0, 64, 256, 1024]

    /// Whether anything differs from the fitted forecast.
    public var isBaseline: Bool { self == ForecastScenario() }

    /// A short description for the pane title.
    var summary: String {
        guard !isBaseline else { return "baseline" }
        var parts: [String] = []
        if growthPercent != 0 { parts.append(String(format: "%+.0f%% growth/30d", growthPercent)) }
        if accelerated { parts.append("timeline ×2") }
        if newModelGPUs > 0 { parts.append("+\(newModelGPUs) GPU new model") }
        if mixtureOfExperts { parts.append("dense→MoE ×0.6") }
        return parts.joined(separator: ", ")
    }

    /// The forecast `hoursAhead` (1-based) under the scenario; nil past the fitted horizon.
    func value(_ points: [ForecastPoint], hoursAhead h: Int, _ pick: (ForecastPoint) -> Double) -> Double? {
        let source = accelerated ? 2 * h : h
        guard source >= 1, source <= points.count else { return nil }
        var v = pick(points[source - 1])
        v *= 1 + growthPercent / 100 * Double(min(h, 720)) / 720
        if mixtureOfExperts { v *= 0.6 }
        return max(0, v + Double(newModelGPUs))
    }
}
