import Testing
@testable import FleetCore

@Suite("Cost per inference")
struct InferenceCostTests {
    @Test("rate from successive counters, reset tolerated; cost of the GPUs its jobs or pods hold per 1,000 requests")
    func costPerThousand() {
        var s = Fixture.state()  // H100 at $2/h
        let t = Fixture.t0
        s.apply(Fixture.submit("serve-1", gpus: 2, at: t))
        s.apply(.jobStarted(id: "serve-1", at: t, gpus: [0, 1]))
        s.apply(.inferenceCounters(at: t, [InferenceCounter(service: "llama", requestsTotal: 1000, owners: ["serve-1"])]))
        #expect(CostPerInference.derive(s).first?.costPerThousand == nil)  // one reading: no rate yet
        s.apply(.inferenceCounters(at: t + 100, [InferenceCounter(service: "llama", requestsTotal: 11_000, owners: ["serve-1"])]))
        let row = CostPerInference.derive(s)[0]
        #expect(row.gpus == 2 && row.costPerHour == 4 && row.requestsPerSecond == 100)
        #expect(abs((row.costPerThousand ?? 0) - 4.0 / 360_000 * 1000) < 1e-9)  // $4/h over 360,000 requests/h
        s.apply(.inferenceCounters(at: t + 200, [InferenceCounter(service: "llama", requestsTotal: 50, owners: ["serve-1"])]))
        #expect(CostPerInference.derive(s)[0].requestsPerSecond == nil)  // the server restarted
        s.apply(.clock(at: t + 4000))
        s.apply(.inferenceCounters(at: t + 4000, [InferenceCounter(service: "other", requestsTotal: 1, owners: [])]))
        #expect(CostPerInference.derive(s).map(\.service) == ["other"])  // llama unheard for an hour
    }
}
