import Foundation
import Testing
@testable import FleetCore

/// Alert and queue kinds are typed enums whose raw values are what events, fingerprints and snapshots already hold.
@Suite struct AlertKindsTests {
    /// `value` encoded as JSON text, and decoded back.
    func roundTrip<T: Codable & Equatable>(_ value: T) throws -> (String, T) {
        let data = try JSONEncoder().encode([value])
        return (String(decoding: data, as: UTF8.self), try JSONDecoder().decode([T].self, from: data)[0])
    }

    @Test func ruleNamesStayTheFingerprintsAndSilencesUse() throws {
        let names = AlertRule.allCases.map(\.rawValue)
        #expect(names == ["node-down", "node-drain", "hardware", "queue-wait-sla", "queue-depth", "policy", "budget", "stale-feed",
                          "idle-gpus", "quota-breach"])
        for rule in AlertRule.allCases {
            let (json, back) = try roundTrip(rule)
            #expect(json == "[\"\(rule.rawValue)\"]" && back == rule)
        }
    }

    @Test func severityStateAndSourceRoundTripAsTheirNames() throws {
        for severity in [AlertSeverity.info, .warning, .critical] {
            let (json, back) = try roundTrip(severity)
            #expect(json == "[\"\(severity.rawValue)\"]" && back == severity)
        }
        for state in [AlertState.firing, .acked, .silenced] { #expect(try roundTrip(state).1 == state) }
        for source in [AlertSource.fleetdeck, .alertmanager] { #expect(try roundTrip(source).1 == source) }
        #expect(try roundTrip(AlertState.acked).0 == #"["acked"]"# && roundTrip(AlertSource.alertmanager).0 == #"["alertmanager"]"#)
        #expect(AlertSeverity.info < .warning && AlertSeverity.warning < .critical && !(AlertSeverity.critical < .info))
    }

    @Test func alertmanagerSeverityLabels() {
        #expect(AlertSeverity(label: "critical") == .critical && AlertSeverity(label: "CRITICAL") == .critical)
        #expect(AlertSeverity(label: "info") == .info)
        #expect(AlertSeverity(label: nil) == .warning && AlertSeverity(label: "page-me") == .warning)
    }

    @Test func queueKindKeepsKueuesNamesInStoredQuotas() throws {
        let quota = QueueQuota(name: "team-a", kind: .cohort, parent: nil, nominalGPUs: 8, borrowingLimitGPUs: nil, lendingLimitGPUs: nil,
                               usedGPUs: 2, pendingActive: nil, pendingInadmissible: nil, admitted: nil, fairWeight: nil, weightedShare: nil)
        let (json, back) = try roundTrip(quota)
        #expect(json.contains(#""kind":"Cohort""#) && back == quota)
        #expect(try roundTrip(QueueKind.clusterQueue).0 == #"["ClusterQueue"]"#)
        // A quota stored before the kind was typed decodes to the same value.
        let stored = Data(#"{"name":"q","kind":"ClusterQueue"}"#.utf8)
        #expect(try JSONDecoder().decode(QueueQuota.self, from: stored).kind == .clusterQueue)
    }

    @Test func externalAlertRowsTakeTheirSeverityAndOriginFromLabels() {
        var book = AlertBook()
        book.receive([ExternalAlert(fingerprint: "x", status: .firing, labels: ["alertname": "GPUHot", "severity": "info", "instance": "g1"],
                                    annotations: [:], startsAt: 1, receivedAt: 1)])
        let row = book.rows(derived: [], now: 2)[0]
        #expect(row.severity == .info && row.origin == .alertmanager(alertname: "GPUHot") && row.source == .alertmanager)
        #expect(row.rule == "GPUHot" && row.state == .firing && row.origin.rule == nil)
    }
}
