import Testing
@testable import FleetCore

@Suite("Alert book: Alertmanager alerts, acks, silences")
struct AlertBookTests {
    @Test("firing alerts arrive, resolved ones leave with their ack; acks hold 12 h; silences mute what they match")
    func lifecycle() throws {
        var s = GovernanceTests.state()
        let t = Fixture.t0
        let firing = ExternalAlert(fingerprint: "f1", status: .firing, labels: ["alertname": "XID", "instance": "n7", "severity": "critical"],
                                   annotations: ["summary": "XID 79 on n7"], startsAt: t - 60, receivedAt: t)
        s.apply(.governance(.alertsReceived([firing])))
        var rows = try #require(s.governance).alerts.rows(derived: [], now: t)
        #expect(rows.map(\.fingerprint) == ["f1"] && rows[0].subject == "n7" && rows[0].message == "XID 79 on n7" && rows[0].state == .firing)

        let ack = try Governance.ack("f1", comment: "on it", by: "alice", rows: rows, in: s, now: t).get()
        s.apply(.governance(ack.event))
        rows = try #require(s.governance).alerts.rows(derived: [], now: t + 60)
        #expect(rows[0].state == .acked && rows[0].ack?.by == "alice")
        #expect(Governance.ack("f1", comment: "me too", by: "bob", rows: rows, in: s, now: t + 61).failureValue
                == .alreadyDecided(id: "f1", status: .approved, by: "alice", at: t))
        #expect(try #require(s.governance).alerts.rows(derived: [], now: t + 13 * 3600)[0].state == .firing)
        #expect(Governance.ack("f1", comment: "x", by: "mallory", rows: rows, in: s, now: t).failureValue
                == .notAllowed("mallory is not named in the policy: view only"))

        let silence = try Governance.silence(matchers: ["alertname=~\"X.*\"", "severity=critical"], seconds: 3600, comment: "maintenance",
                                             by: "bob", in: s, now: t).get()
        s.apply(.governance(silence.event))
        #expect(try #require(s.governance).alerts.rows(derived: [], now: t + 10)[0].silencedBy == "S-1")
        #expect(try #require(s.governance).alerts.rows(derived: [], now: t + 3601)[0].silencedBy == nil)
        let ended = try Governance.expireSilence("S-1", comment: "maintenance done", by: "alice", in: s, now: t + 600).get()
        #expect(ended.audit.action == "silence.expired" && ended.audit.before.contains("alertname=~\"X.*\""))
        s.apply(.governance(ended.event))
        #expect(try #require(s.governance).alerts.rows(derived: [], now: t + 601)[0].silencedBy == nil)
        #expect(Governance.expireSilence("S-1", comment: "again", by: "alice", in: s, now: t + 700).failureValue == .invalid("silence S-1 is not active"))
        #expect(Governance.silence(matchers: ["alertname=~\"(\""], seconds: 60, comment: "x", by: "bob", in: s, now: t).failureValue != nil)

        var resolved = firing
        resolved.status = .resolved
        s.apply(.governance(.alertsReceived([resolved])))
        #expect(try #require(s.governance).alerts.rows(derived: [], now: t).isEmpty)
    }
}
