import FleetCore

/// The built-in simulated fleet: a pure function of (seed, state, tick) into events.
///
/// It keeps no hidden state: job fates hang off job ids and randomness off tick numbers, so a simulation
/// resumed from a stored state continues exactly as the uninterrupted one would.
public struct FleetSimulator: Sendable {
    public let config: SimulatorConfig
    let workload: SimulatedWorkload
    let profiles: [TeamProfile]

    /// A simulator for the given settings.
    public init(config: SimulatorConfig) {
        self.config = config
        profiles = SimulatedOrg.profiles(count: config.teamCount)
        workload = SimulatedWorkload(config: config, profiles: profiles)
    }

    /// Events that define fleet, org and policy and submit the work already running at minute 0.
    public func genesis() -> [FleetEvent] {
        var events: [FleetEvent] = [
            .clock(at: config.epoch),
            .fleetDefined(SimulatedFleetShape.spec(config: config)),
            .orgDefined(SimulatedOrg.spec(profiles: profiles, gpuCount: config.gpuCount)),
            .policyDefined(SimulatedOrg.simulatorPolicy(profiles: profiles, gpuCount: config.gpuCount)),
        ]
        events += workload.initialJobs(count: config.gpuCount / 12).map { .jobSubmitted($0) }
        return events
    }

    /// The tick the state is at (the last one simulated).
    public func currentTick(of state: FleetState) -> Int { config.tick(at: state.now) }

    /// Simulates the next tick: applies its events to `state` and returns them, in order.
    public func step(_ state: inout FleetState, telemetry: SimulatedTelemetryDetail = .everyGPU) -> [FleetEvent] {
        let tick = currentTick(of: state) + 1
        let t = config.time(ofTick: tick)
        var out = EventSink()
        var rng = SimRandom(seed: config.seed, stream: 0x71C, index: UInt64(tick))
        var timed: [(Double, FleetEvent)] = jobEndings(state, until: t, rng: &rng)
        timed += workload.arrivals(tick: tick).map { ($0.submittedAt, .jobSubmitted($0)) }
        for (_, event) in timed.sorted(by: { $0.0 < $1.0 }) { out.emit(event, into: &state) }
        // Hardware has its own random stream: faults must not shift with how many spot jobs drew a number.
        var hardware = SimRandom(seed: config.seed, stream: 0x4A2D, index: UInt64(tick))
        SimHardware(config: config).step(&state, at: t, rng: &hardware, sink: &out)
        SimScheduler(workload: workload).schedule(&state, at: t, sink: &out)
        // Telemetry draws last from the tick's stream, so its detail changes no job's or fault's fate.
        let sampler = SimTelemetry(workload: workload)
        switch telemetry {
        case .everyGPU: out.emit(.telemetry(sampler.sample(state, at: t, rng: &rng)), into: &state)
        case .idleJobsOnly: out.emit(.telemetry(sampler.sampleIdleJobs(state, at: t, rng: &rng)), into: &state)
        }
        let served = SimInference.counters(state, at: t)
        if !served.isEmpty { out.emit(.inferenceCounters(at: t, served), into: &state) }
        out.emit(.clock(at: t), into: &state)
        return out.events
    }

    /// Advances `state` tick by tick up to fleet time `t`, discarding the events (for fast-forward and snapshots).
    /// Ticks before `everyGPUFrom` sample only idling jobs' GPUs (see `telemetryMemorySeconds`).
    public func run(_ state: inout FleetState, until t: Double, everyGPUFrom: Double = -.infinity) {
        while true {
            let next = config.time(ofTick: currentTick(of: state) + 1)
            guard next <= t else { return }
            _ = step(&state, telemetry: next < everyGPUFrom ? .idleJobsOnly : .everyGPU)
        }
    }

    /// Fleet seconds of past telemetry the state keeps (the per-GPU rings and the KPI sparklines, plus a minute):
    /// a fast-forward that samples every GPU for this long before its end leaves the same readings as one that
    /// sampled every GPU throughout, at a fraction of the cost (100,000 GPUs' readings each tick are most of it).
    public var telemetryMemorySeconds: Double {
        max(Double(GPUHistory.depth) * config.tickSeconds, Double(KPIHistory.depth) * 60) + 60
    }

    /// Jobs that end by `t`: their run time is up, or spot capacity was reclaimed.
    private func jobEndings(_ state: FleetState, until t: Double, rng: inout SimRandom) -> [(Double, FleetEvent)] {
        var out: [(Double, FleetEvent)] = []
        let spotPool = state.fleet.pools.firstIndex { $0.purchase == .spot }
        // Each running job's fields are read in place: copying every live job each tick was a good part of a tick.
        for slot in state.jobSlots.indices {
            guard state.jobSlots[slot]?.state == .running, let started = state.jobSlots[slot]?.startedAt,
                  let id = state.jobSlots[slot]?.id, let jobClass = state.jobSlots[slot]?.priorityClass else { continue }
            let fate = workload.fate(id: id, priorityClass: jobClass)
            let end = started + fate.runSeconds
            if end <= t {
                out.append((end, .jobEnded(id: id, at: end, outcome: fate.fails ? .failed : .completed)))
            } else if let spotPool, let g = state.jobSlots[slot]?.gpuIndices.first, Int(g) < state.gpus.count,
                      state.nodes[Int(state.gpus.node[Int(g)])].pool == spotPool, rng.unit() < 0.002 {
                out.append((t, .jobEnded(id: id, at: t, outcome: .preempted)))
            }
        }
        return out
    }
}

/// Collects emitted events while applying them, so later decisions in the same tick see earlier ones.
struct EventSink {
    private(set) var events: [FleetEvent] = []

    mutating func emit(_ event: FleetEvent, into state: inout FleetState) {
        state.apply(event)
        events.append(event)
    }
}
