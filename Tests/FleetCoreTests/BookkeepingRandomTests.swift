import Foundation
import Testing
@testable import FleetCore

/// The reducer's kept bookkeeping (running cost sums, job columns, team holdings) against a full recount after every
/// event of seeded random job sequences, and a state restored from its coding continuing to equal the original.
@Suite("Kept bookkeeping equals a recount after random events")
struct BookkeepingRandomTests {
    /// A small seeded generator (SplitMix64), so that a failing sequence is the same on every run.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Two pools and models (TeamHoldingsTests' fleet) with a price on H100 on-prem only: priced and unpriced groups.
    static func state() -> FleetState {
        var s = TeamHoldingsTests.state()
        s.apply(.policyDefined(PolicySpec(source: "test", priorityClasses: PolicySpec.defaultPriorityClasses,
                                          prices: [Price(model: "H100", purchase: .onPrem, region: "r", dollarsPerGPUHour: 2)])))
        return s
    }

    /// A random event on `s`: submit, start, place, re-prioritise or end, at fractional times, now and then across
    /// the month's end.
    static func randomEvent(_ s: FleetState, _ n: Int, _ rng: inout Seeded) -> FleetEvent {
        let live = s.jobSlots.compactMap { $0 }
        let pending = live.filter { $0.state == .pending }, running = live.filter { $0.state == .running }
        let at = s.now + Double(Int.random(in: 0...900, using: &rng)) * 0.37
        // Now and then the same GPU twice: the reducer takes it once.
        let gpus = (0..<Int.random(in: 1...3, using: &rng)).map { _ in Int32.random(in: 0..<6, using: &rng) }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<3:
            return .jobSubmitted(JobSubmission(id: "j\(n)", name: "j\(n)", team: ["nlp", "vision"].randomElement(using: &rng) ?? "nlp",
                                               project: ["x", "y"].randomElement(using: &rng) ?? "x", priorityClass: "training",
                                               gpus: Int.random(in: 1...3, using: &rng), gpuModel: nil, submittedAt: at))
        case 3..<5:
            guard let job = pending.randomElement(using: &rng) else { return .clock(at: at) }
            return .jobStarted(id: job.id, at: at, gpus: gpus)
        case 5:
            guard let job = running.randomElement(using: &rng) else { return .clock(at: at) }
            return .jobPlaced(id: job.id, gpus: gpus)
        case 6:
            guard let job = live.randomElement(using: &rng) else { return .clock(at: at) }
            return .jobPriorities([JobPriorityUpdate(id: job.id, priority: Double(n), factors: nil, position: nil)])
        case 7..<9:
            guard let job = live.randomElement(using: &rng) else { return .clock(at: at) }
            return .jobEnded(id: job.id, at: at, outcome: .completed)
        default:
            // Now and then close to the month's end, so that the sums are counted again for the new month.
            let monthEnd = UTCCalendar.nextMonthStart(after: UTCCalendar.monthStart(containing: s.now))
            return .clock(at: Bool.random(using: &rng) ? max(at, monthEnd - 30) : at)
        }
    }

    @Test("seeded sequences: the sums, columns and holdings equal a recount after every event", arguments: [1, 2, 3, 4] as [UInt64])
    func recount(seed: UInt64) {
        var rng = Seeded(state: seed)
        var s = Self.state()
        var started = 0, repeated = 0, months = Set<Double>()
        for n in 0..<600 {
            let event = Self.randomEvent(s, n, &rng)
            if case .jobStarted = event { started += 1 }
            s.apply(event)
            #expect(s.runningCosts == RunningCostSums.count(s), "after event \(n): \(event)")
            #expect(s.jobColumns == JobColumns.count(s), "after event \(n)")
            #expect(s.teamHoldings == TeamHoldings.count(s), "after event \(n)")
            let (allocated, perHour) = Self.heldByTeam(s)
            #expect(s.teamUsage.map(\.allocatedGPUs) == allocated, "after event \(n): \(event)")
            #expect(s.teamUsage.map(\.costPerHour) == perHour, "after event \(n): \(event)")
            if case .jobStarted(_, _, let listed) = event, Set(listed).count < listed.count { repeated += 1 }
            months.insert(s.runningCosts?.monthStart ?? 0)
        }
        // The sequences did what they are for: jobs started (some listing a GPU twice), groups formed, the month turned.
        #expect(started > 50 && repeated > 5 && months.count > 1)
    }

    /// GPUs held and their $/h per team, counted from the GPU table (each GPU once, whatever the events listed).
    static func heldByTeam(_ s: FleetState) -> ([Int], [Double]) {
        var gpus = [Int](repeating: 0, count: s.org.teams.count), perHour = [Double](repeating: 0, count: s.org.teams.count)
        for g in 0..<s.gpus.count where s.gpus.allocatedSlot[g] >= 0 {
            guard let team = s.jobSlots[Int(s.gpus.allocatedSlot[g])]?.team, team >= 0 else { continue }
            gpus[Int(team)] += 1
            if s.gpuPrice[g].isFinite { perHour[Int(team)] += s.gpuPrice[g] }
        }
        return (gpus, perHour)
    }

    @Test("a state restored from its coding takes jobs off by key and keeps equal to the original", arguments: [5, 6] as [UInt64])
    func restored(seed: UInt64) throws {
        var rng = Seeded(state: seed)
        var s = Self.state()
        for n in 0..<200 { s.apply(Self.randomEvent(s, n, &rng)) }
        #expect((s.runningCosts?.sums.count ?? 0) > 0)
        // The GPU table holds NaN (no sample yet): coded as strings, as JSON has no NaN.
        let encoder = JSONEncoder(), decoder = JSONDecoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var back = try decoder.decode(FleetState.self, from: encoder.encode(s))
        #expect(back.runningCosts == s.runningCosts)
        for n in 200..<500 {
            let event = Self.randomEvent(s, n, &rng)
            s.apply(event)
            back.apply(event)
            #expect(back.runningCosts == s.runningCosts, "after event \(n): \(event)")
            #expect(back.runningCosts == RunningCostSums.count(back), "after event \(n)")
        }
    }
}
