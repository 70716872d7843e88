/// Settings of the simulated fleet; equal settings give identical event streams.
public struct SimulatorConfig: Sendable, Hashable {
    public var seed: UInt64
    /// Total GPUs (nodes of 8), 512 by default, up to 100,000 for benchmarks.
    public var gpuCount: Int
    /// Number of teams; the first 9 have hand-made profiles, more are generated.
    public var teamCount: Int
    /// Fleet time of simulated minute 0 (epoch seconds); default Monday 2026-11-02 00:00 UTC.
    public var epoch: Double
    /// Fleet seconds between ticks (the DCGM exporter's default collection interval).
    public var tickSeconds: Double
    /// Multiplier on job arrivals (1 = the calibrated default load).
    public var load: Double

    /// The default 512-GPU fleet.
    public init(seed: UInt64 = 42, gpuCount: Int = 512, teamCount: Int = 9, epoch: Double = 1_793_577_600,
                tickSeconds: Double = 30, load: Double = 1) {
        self.seed = seed
        self.gpuCount = max(8, min(gpuCount, 100_000))
        self.teamCount = max(1, teamCount)
        self.epoch = epoch
        self.tickSeconds = tickSeconds
        self.load = load
    }

    /// Fleet time of a tick.
    public func time(ofTick tick: Int) -> Double { epoch + Double(tick) * tickSeconds }

    /// The tick at or before a fleet time.
    public func tick(at time: Double) -> Int { Int(((time - epoch) / tickSeconds).rounded(.down)) }
}
