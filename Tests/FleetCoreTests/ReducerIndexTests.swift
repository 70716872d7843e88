import Testing
@testable import FleetCore
import FleetFeeds

@Suite("Job columns and the GPU owner index kept by the reducer")
struct ReducerIndexTests {
    @Test("a simulated fleet: the job columns equal a recount after every tick, and the KPIs read from them equal a pass over the jobs")
    func jobColumns() throws {
        let sim = FleetSimulator(config: SimulatorConfig(seed: 3, gpuCount: 256, teamCount: 6))
        var s = FleetState()
        s.apply(sim.genesis())
        for _ in 0..<60 {
            _ = sim.step(&s)
            #expect(s.jobColumns == JobColumns.count(s))
        }
        let columns = try #require(s.jobColumns)
        #expect(columns.state.count { $0 == .pending } == s.jobSlots.count { $0?.state == .pending })
        let k = FleetKPIs.derive(from: s, wallNow: nil)
        #expect(k.runningJobs == s.jobSlots.count { $0?.state == .running })
        #expect(k.pendingGPUs == s.jobSlots.reduce(0) { $0 + ($1?.state == .pending ? $1?.gpus ?? 0 : 0) })
    }

    @Test("submit, a priority update, start and end: the exact columns of the job's slot")
    func columnsOfOneJob() {
        var s = Fixture.state()
        let t0 = Fixture.t0
        s.apply(Fixture.submit("a", cls: "research", gpus: 2, at: t0 - 30))
        #expect(s.jobColumns?.state == [.pending] && s.jobColumns?.gpus == [2] && s.jobColumns?.submittedAt == [t0 - 30])
        #expect(s.jobColumns?.priorityClass == [Int32(s.classIndex(named: "research") ?? -9)])
        s.apply(.jobStarted(id: "a", at: t0, gpus: [0, 1]))
        #expect(s.jobColumns?.state == [.running])
        s.apply(.jobEnded(id: "a", at: t0 + 60, outcome: .completed))
        #expect(s.jobColumns?.state == [nil] && s.jobColumns?.gpus == [0])
    }

    @Test("owners come, move and go: the index equals a recount, and cost per inference from it equals the pass over GPUs")
    func ownerIndex() {
        var s = Fixture.state()  // 4 H100 at $2/h
        let t = Fixture.t0
        s.apply(Fixture.submit("serve-1", gpus: 2, at: t))
        s.apply(.jobStarted(id: "serve-1", at: t, gpus: [0, 1]))
        s.apply(.gpuOwners([GPUOwnerUpdate(gpu: 1, owner: "ns/pod-a"), GPUOwnerUpdate(gpu: 3, owner: "ns/pod-a")]))
        #expect(s.gpuOwners == GPUOwnerIndex.count(s.gpus))
        #expect(s.gpuOwners?.gpus == ["ns/pod-a": [1, 3]])
        s.apply(.inferenceCounters(at: t, [InferenceCounter(service: "llama", requestsTotal: 1, owners: ["serve-1"]),
                                           InferenceCounter(service: "mistral", requestsTotal: 1, owners: ["ns/pod-a"])]))
        var walked = s
        walked.gpuOwners = nil
        // GPU 1 is serve-1's but its pod serves mistral: the pod's service counts it.
        #expect(CostPerInference.derive(s).map { "\($0.service) \($0.gpus) \($0.costPerHour)" } == ["mistral 2 4.0", "llama 1 2.0"])
        #expect(CostPerInference.derive(s) == CostPerInference.derive(walked))
        s.apply(.gpuOwners([GPUOwnerUpdate(gpu: 1, owner: ""), GPUOwnerUpdate(gpu: 0, owner: "ns/pod-b")]))
        #expect(s.gpuOwners?.gpus == ["ns/pod-a": [3], "ns/pod-b": [0]])
        #expect(s.gpuOwners == GPUOwnerIndex.count(s.gpus))
        walked = s
        walked.gpuOwners = nil
        #expect(CostPerInference.derive(s) == CostPerInference.derive(walked))
    }
}
