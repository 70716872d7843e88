import FleetCore
import Foundation

/// Job arrivals with daily, weekly and monthly rhythm, and each job's fixed fate (duration, outcome, idleness).
struct SimulatedWorkload {
    /// Per class (default class order): arrivals per hour per 512 GPUs at the weekday peak.
    static let peakRatePerHour: [Double] = [0.35, 0.5, 0.8, 5, 20, 30]
    /// Per class: median run time (hours) and spread of its log.
    static let runtime: [(medianHours: Double, sigma: Double)] = [(60, 0.5), (2.5, 0.5), (3, 0.6), (5, 0.9), (1, 1), (0.8, 0.9)]
    static let gpuSizes: [[Int]] = [[1, 2, 4, 8], [8, 16], [8, 16, 32], [8, 16, 32, 64], [1, 2, 4, 8], [1, 2, 4]]
    static let failureRate: [Double] = [0.01, 0.02, 0.03, 0.05, 0.06, 0.04]
    /// Share of jobs that hold GPUs without using them (notebooks left open, stalled input pipelines).
    static let idleRate: [Double] = [0, 0, 0.02, 0.04, 0.12, 0.05]

    let config: SimulatorConfig
    let profiles: [TeamProfile]
    /// Per class: cumulative team weights for picking the submitting team.
    let teamWeights: [[Double]]

    init(config: SimulatorConfig, profiles: [TeamProfile]) {
        self.config = config
        self.profiles = profiles
        teamWeights = (0..<Self.peakRatePerHour.count).map { c in profiles.map { $0.classWeights[c] * $0.quotaShare } }
    }

    /// Demand multiplier at a fleet time: working hours, weekends, and retraining on the 1st and 2nd of the month.
    static func rhythm(at t: Double, classIndex c: Int) -> Double {
        let when = UTCCalendar.components(t)
        if c == 0 { return 1 }  // Services arrive around the clock.
        let hour = Double(when.hour) + Double(when.minute) / 60
        let daily = 0.3 + 0.7 * max(0, sin(Double.pi * (hour - 7) / 12))  // Peaks at 13:00 UTC.
        let weekly = when.weekday >= 5 ? 0.45 : 1
        let monthly = (c == 2 && when.day <= 2) ? 6.0 : 1
        return daily * weekly * monthly
    }

    /// Jobs submitted during the tick ending at `tick`.
    func arrivals(tick: Int) -> [JobSubmission] {
        var rng = SimRandom(seed: config.seed, stream: 0xA77, index: UInt64(tick))
        let t = config.time(ofTick: tick)
        let scale = Double(config.gpuCount) / 512 * config.load
        var out: [JobSubmission] = []
        for c in Self.peakRatePerHour.indices {
            let lambda = Self.peakRatePerHour[c] * scale * Self.rhythm(at: t, classIndex: c) * config.tickSeconds / 3600
            // Ids are tick·1000 + class·100 + k, so at most 99 arrivals per class per tick.
            for k in 0..<min(99, rng.poisson(lambda)) {
                out.append(makeJob(classIndex: c, id: String(tick * 1000 + c * 100 + k), at: t, rng: &rng))
            }
        }
        return out.sorted { $0.submittedAt < $1.submittedAt }
    }

    /// Long-running services and jobs already running when the simulation begins, so minute 0 is not an empty fleet.
    func initialJobs(count: Int) -> [JobSubmission] {
        var rng = SimRandom(seed: config.seed, stream: 0x1417, index: 0)
        return (0..<count).map { k in
            let c = k % 3 == 0 ? 0 : 3
            return makeJob(classIndex: c, id: "init\(k)", at: config.epoch, rng: &rng)
        }
    }

    private func makeJob(classIndex c: Int, id: String, at t: Double, rng: inout SimRandom) -> JobSubmission {
        let team = profiles.isEmpty ? 0 : rng.pick(weights: teamWeights[c])
        let sizes = Self.gpuSizes[c]
        // Small jobs are more common than large ones.
        let gpus = sizes[rng.pick(weights: sizes.map { 1 / Double($0).squareRoot() })]
        let model: String?
        switch c {
        case 0: model = rng.unit() < 0.5 ? "H100" : "L40S"
        case 1: model = "H100"
        case 2: model = rng.unit() < 0.5 ? "H100" : "A100"
        case 3: model = [nil, "H100", "A100"][rng.pick(weights: [0.2, 0.5, 0.3])]
        case 4: model = rng.unit() < 0.6 ? nil : "A100"
        default: model = nil
        }
        let teamName = profiles.isEmpty ? "unknown" : profiles[team].name
        let className = PolicySpec.defaultPriorityClasses[c].name
        let kinds = ["svc", "regrun", "retrain", "train", "exp", "batch"]
        return JobSubmission(id: id, name: "\(teamName)-\(kinds[c])-\(id)", team: teamName,
                             project: "\(teamName)-\(rng.unit() < 0.7 ? "core" : "exp")", priorityClass: className,
                             gpus: gpus, gpuModel: model, submittedAt: t - rng.unit() * config.tickSeconds)
    }

    /// The fixed fate of job `id` of class `priorityClass` (all it depends on, besides the seed): how long it runs once
    /// started, whether it fails, whether it idles.
    func fate(id: String, priorityClass: Int32) -> (runSeconds: Double, fails: Bool, idles: Bool, utilBase: Double, memoryShare: Double) {
        var rng = SimRandom(seed: config.seed, key: id)
        let c = max(0, min(Int(priorityClass), Self.runtime.count - 1))
        let r = Self.runtime[c]
        var hours = r.medianHours * exp(r.sigma * rng.normal())
        let fails = rng.unit() < Self.failureRate[c]
        if fails { hours *= rng.unit() }  // Failures happen part-way through.
        let idles = rng.unit() < Self.idleRate[c]
        let utilBase = [55.0, 80, 85, 88, 60, 70][c] + 10 * rng.normal()
        return (max(120, hours * 3600), fails, idles, min(99, max(20, utilBase)), 0.3 + 0.6 * rng.unit())
    }
}
