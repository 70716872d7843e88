import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

/// The three Alertmanager webhook payloads in ../shared/data/alerts, checked against an independent reading
/// (JSONSerialization) of the same bytes.
@Suite("Alertmanager webhook, real payloads", .enabled(if: SharedData.url("alerts") != nil, "../shared/data/alerts absent"))
struct AlertmanagerRealPayloadTests {
    static let files = [("prom_post_request.json", 1), ("alert_testdata__prom_post_request_2_alerts.json", 2),
                        ("alert_testdata__prom_post_request_12_alerts.json", 12)]
    /// 2018-03-07T06:33:21.873077559-05:00 (computed with Python's datetime).
    static let startsAt = 1_520_422_401.873077559

    @Test("every alert is read with its labels, annotations, times, status and receiver", arguments: files)
    func payload(file: String, count: Int) throws {
        let url = try #require(SharedData.url("alerts/\(file)"))
        let data = try Data(contentsOf: url)
        let parsed = AlertmanagerWebhook.parse(data, receivedAt: 42)
        #expect(parsed.errors == [])
        #expect(parsed.alerts.count == count)

        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let items = try #require(document["alerts"] as? [[String: Any]])
        try #require(items.count == parsed.alerts.count)
        for (alert, item) in zip(parsed.alerts, items) {
            let labels = try #require(item["labels"] as? [String: String])
            #expect(alert.labels == labels)
            #expect(alert.annotations == item["annotations"] as? [String: String])
            #expect(abs(alert.startsAt - Self.startsAt) < 1e-6)
            #expect(alert.endsAt == nil)  // "0001-01-01T00:00:00Z"
            #expect(alert.status == .firing)  // from the payload: the alerts carry no status of their own
            #expect(alert.receiver == document["receiver"] as? String)
            #expect(alert.fingerprint == ExternalAlert.fingerprint(of: labels))
            #expect(alert.generatorURL == "")
            #expect(alert.receivedAt == 42)
        }
        #expect(Set(parsed.alerts.map(\.fingerprint)).count == count)
    }

    @Test("the single-alert payload in detail")
    func single() throws {
        let url = try #require(SharedData.url("alerts/prom_post_request.json"))
        let alert = try #require(AlertmanagerWebhook.parse(try Data(contentsOf: url), receivedAt: 0).alerts.first)
        #expect(alert.name == "high_memory_load")
        #expect(alert.labels["instance"] == "instance-with-hyphen_and_underscore")
        #expect(alert.labels.count == 5)
        #expect(alert.annotations["description"] == "10.80.40.11 reported high memory usage with 23.28%.")
        #expect(alert.receiver == "teams_proxy")
    }

    @Test("a payload cut at any byte is a located syntax error, never a crash or a partial alert")
    func truncated() throws {
        let url = try #require(SharedData.url("alerts/alert_testdata__prom_post_request_2_alerts.json"))
        let data = try Data(contentsOf: url)
        for cut in 0..<data.count - 2 {
            let parsed = AlertmanagerWebhook.parse(data.prefix(cut), receivedAt: 0)
            #expect(parsed.alerts.isEmpty && !parsed.errors.isEmpty, "cut at \(cut)")
        }
    }
}

@Suite("Alertmanager webhook, bad input")
struct AlertmanagerBadInputTests {
    static func payload(_ alerts: String, extra: String = #""version": "4", "status": "firing", "receiver": "r""#) -> Data {
        Data("{\(extra), \"alerts\": [\(alerts)]}".utf8)
    }

    static let good = #"{"labels": {"alertname": "A"}, "startsAt": "2024-01-02T03:04:05Z"}"#

    @Test("each bad alert is skipped with an error naming where it is; good ones are kept")
    func located() {
        let alerts = [
            Self.good,
            #"{"labels": {"alertname": "B"}, "startsAt": "yesterday"}"#,
            #"{"startsAt": "2024-01-02T03:04:05Z"}"#,
            #"{"labels": {"alertname": "D", "gpus": 5}, "startsAt": "2024-01-02T03:04:05Z"}"#,
            #"{"labels": {"alertname": "E"}, "status": "pending", "startsAt": "2024-01-02T03:04:05Z"}"#,
            "42",
            #"{"labels": {"alertname": "G"}, "startsAt": "2024-01-02T03:04:05Z", "endsAt": "2024-01-01T00:00:00Z"}"#,
            #"{"labels": {}, "startsAt": "2024-01-02T03:04:05Z", "annotations": []}"#,
            #"{"labels": {"alertname": "I\u0007x", "team": "n\nlp"}, "status": "resolved", "fingerprint": "f00", "#
                + #""startsAt": "2024-01-02T03:04:05.5+01:00", "endsAt": "2024-01-02T04:00:00Z", "generatorURL": "http://p/g"}"#,
        ].joined(separator: ",\n")
        let parsed = AlertmanagerWebhook.parse(Self.payload(alerts), receivedAt: 7)
        #expect(parsed.errors == [
            #"alerts[1].startsAt: not an RFC 3339 time: "yesterday""#,
            "alerts[2].labels: missing",
            "alerts[3].labels.gpus: not a string but 5",
            #"alerts[4].status: "pending" is not "firing" or "resolved""#,
            "alerts[5]: not an object but 42",
            "alerts[6].endsAt: before startsAt",
            "alerts[7].labels: empty (an alert needs at least one label)",
            "alerts[7].annotations: not an object but an array",
        ])
        #expect(parsed.alerts.map(\.name) == ["A", "Ix"])
        let last = parsed.alerts[1]
        #expect(last.labels["team"] == "n lp")
        #expect(last.status == .resolved)
        #expect(last.fingerprint == "f00")
        #expect(last.startsAt == 1_704_160_800 + 245.5)  // 02:04:05.5 UTC
        #expect(last.endsAt == 1_704_168_000)  // 04:00:00 UTC
        #expect(last.generatorURL == "http://p/g")
        #expect(last.receiver == "r")
        #expect(parsed.alerts[0].endsAt == nil)
    }

    @Test("whole-payload problems: syntax, wrong types, versions, size")
    func payloads() {
        func errors(_ text: String) -> [String] { AlertmanagerWebhook.parse(Data(text.utf8), receivedAt: 0).errors }
        #expect(errors("hello")[0].hasPrefix("line 1: "))
        #expect(errors("{\n\"alerts\": [\n}")[0].hasPrefix("line 3: "))
        #expect(errors("[1, 2]") == ["payload: not a JSON object but an array"])
        #expect(errors(#""alerts""#) == [#"payload: not a JSON object but "alerts""#])
        #expect(errors(#"{"version": "3", "alerts": []}"#) == [#"version: "3" is not "4"; read as version "4""#])
        #expect(errors("") == ["payload: empty"])
        #expect(errors(#"{"version": "4"}"#) == ["alerts: missing"])
        #expect(errors(#"{"version": "4", "alerts": {}}"#) == ["alerts: not an array but an object"])
        #expect(errors(#"{"alerts": []}"#) == [#"version: missing; read as version "4""#])
        #expect(errors(#"{"version": "4", "alerts": []} trailing"#)[0].hasPrefix("line 1: "))
        let huge = Data(repeating: 0x20, count: AlertmanagerWebhook.maxBytes + 1)
        #expect(AlertmanagerWebhook.parse(huge, receivedAt: 0).errors[0].contains("larger than the 4 MiB limit"))
        #expect(errors(String(repeating: "[", count: 100_000))[0].contains("nested too deeply"))
    }

    @Test("an alert without its own status takes the payload's; with neither it is an error")
    func status() {
        let none = AlertmanagerWebhook.parse(Self.payload(Self.good, extra: #""version": "4""#), receivedAt: 0)
        #expect(none.errors == ["every one of the 1 alert(s) is unusable", "alerts[0].status: missing (and the payload has none)"])
        #expect(!none.isAccepted)
        let resolved = AlertmanagerWebhook.parse(Self.payload(Self.good, extra: #""version": "4", "status": "resolved""#), receivedAt: 0)
        #expect(resolved.alerts.first?.status == .resolved)
    }

    @Test("problems past the limit are counted, not listed")
    func manyProblems() {
        let bad = Array(repeating: "1", count: 500).joined(separator: ",")
        let errors = AlertmanagerWebhook.parse(Self.payload(bad), receivedAt: 0).errors
        #expect(errors.count == AlertmanagerWebhook.maxErrors + 2)  // the rejection, the listed, the count
        #expect(errors.last == "… and 450 more problem(s)")
    }

    @Test("random bytes never crash the parser")
    func garbage() {
        var rng = SplitMix(seed: 7)
        let alphabet = Array(#"{}[]",:0123456789.-eE truefalsnul\"alerts labels startsAt"#.utf8) + [0, 0xFF, 0x0A]
        for _ in 0..<3000 {
            let count = Int(rng.next() % 120)
            let bytes = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            _ = AlertmanagerWebhook.parse(Data(bytes), receivedAt: 0)
        }
    }
}

@Suite("RFC 3339 times")
struct RFC3339Tests {
    @Test("fractions of any length, Z or numeric offsets")
    func valid() throws {
        #expect(RFC3339.parse("2018-03-07T11:33:21Z") == 1_520_422_401)
        #expect(RFC3339.parse("2018-03-07t11:33:21z") == 1_520_422_401)
        #expect(RFC3339.parse("2018-03-07T06:33:21-05:00") == 1_520_422_401)
        #expect(RFC3339.parse("2018-03-07T17:03:21+05:30") == 1_520_422_401)
        #expect(RFC3339.parse("2018-03-07T11:33:21.5Z") == 1_520_422_401.5)
        let long = try #require(RFC3339.parse("2018-03-07T06:33:21.873077559123456-05:00"))
        #expect(abs(long - 1_520_422_401.873077559) < 1e-6)
        #expect(RFC3339.parse("2020-02-29T00:00:00Z") == 1_582_934_400)
        #expect(RFC3339.parse("0001-01-01T00:00:00Z") == RFC3339.goZeroTime)
        #expect(RFC3339.goZeroTime == -62_135_596_800)
    }

    @Test("anything else is refused", arguments: [
        "", "2018-03-07", "2018-03-07T11:33:21", "2018-03-07 11:33:21Z", "2018-03-07T11:33:21.Z", "2018-3-07T11:33:21Z",
        "2019-02-29T00:00:00Z", "2018-13-01T00:00:00Z", "2018-03-07T24:00:00Z", "2018-03-07T11:33:21+0500",
        "2018-03-07T11:33:21Z ", "yesterday", "2018-03-07T11:33:21+05:60", "２０１８-03-07T11:33:21Z",
    ])
    func invalid(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }
}
