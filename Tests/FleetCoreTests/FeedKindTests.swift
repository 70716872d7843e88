import Foundation
import Testing
@testable import FleetCore

@Suite("Feed kinds: only telemetry feeds judge GPU freshness")
struct FeedKindTests {
    func sampled() -> FleetState {
        var s = Fixture.state()
        s.apply(Fixture.telemetry(at: Fixture.t0 + 60, util: [50, 50, 50, 50]))
        return s
    }

    @Test("an Alertmanager file's 2 s interval does not make 15 s scrapes stale")
    func alertmanagerIsNotTelemetry() {
        var s = sampled()
        s.apply(.feedStatus(FeedStatus(name: "dcgm", kind: "dcgm-scrape", at: Fixture.t0 + 60, intervalSeconds: 15, ok: true)))
        s.apply(.feedStatus(FeedStatus(name: "am", kind: "alertmanager", at: Fixture.t0 + 60, intervalSeconds: 2, ok: true)))
        #expect(FeedKind.dcgmScrape.isTelemetry && !FeedKind.alertmanager.isTelemetry && !FeedKind.simulator.isTelemetry)
        #expect(GPUFreshness.staleAfter(s) == 45)
        let reference = GPUFreshness.reference(s, wallNow: Fixture.t0 + 90)
        #expect(GPUFreshness.isFresh(s, gpu: 0, reference: reference, staleAfter: GPUFreshness.staleAfter(s)))
    }

    @Test("without live telemetry, GPUs age on the fleet clock whatever other feeds report")
    func onlyNonTelemetryFeeds() {
        var s = sampled()
        s.apply(.feedStatus(FeedStatus(name: "am", kind: "alertmanager", at: Fixture.t0 + 60, intervalSeconds: 2, ok: true)))
        #expect(GPUFreshness.reference(s, wallNow: Fixture.t0 + 100_000) == s.now)
        #expect(GPUFreshness.staleAfter(s) == FleetKPIs.telemetryFreshness)
    }

    @Test("when the only live telemetry feed stalls, the KPIs call busy % unknown, as :gpus calls the GPUs stale")
    func stalledFeedMakesBusyStale() {
        var s = sampled()
        s.apply(Fixture.submit("a", gpus: 2, at: Fixture.t0 + 60))
        s.apply(.jobStarted(id: "a", at: Fixture.t0 + 60, gpus: [0, 1]))
        s.apply(.feedStatus(FeedStatus(name: "dcgm", kind: "dcgm-scrape", at: Fixture.t0 + 60, intervalSeconds: 15, ok: true)))
        #expect(FleetKPIs.derive(from: s, wallNow: Fixture.t0 + 70).busy != nil)
        #expect(FleetKPIs.derive(from: s, wallNow: Fixture.t0 + 60 + 46).busy == nil)
    }

    @Test("a stored feed status keeps its kind as a plain string")
    func codable() throws {
        let status = FeedStatus(name: "dcgm", kind: "dcgm-scrape", at: 1, intervalSeconds: 15, ok: true)
        let json = String(decoding: try JSONEncoder().encode(status), as: UTF8.self)
        #expect(json.contains(#""kind":"dcgm-scrape""#))
        #expect(try JSONDecoder().decode(FeedStatus.self, from: Data(json.utf8)).kind == .dcgmScrape)
    }
}
