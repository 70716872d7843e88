import Foundation
import Testing

/// Policy files through the real binary: `policy check`, and `--policy` driving what the panes show.
@Suite struct PolicyE2ETests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("policy.example.yaml").path

    @Test func checkListsEveryErrorAndTheDashboardRefusesABrokenFile() throws {
        let ok = try Harness.run(Harness.binary, ["policy", "check", Self.example])
        #expect(ok.code == 0 && ok.out.contains("9 teams"), "\(ok.out)\(ok.err)")
        let dir = try Harness.tempDir()
        let bad = dir.appendingPathComponent("bad.yaml").path
        try "organisation: x\ndepartments:\n  - name: d\n    teams:\n      - {name: a, budget: {monthly: -5}, quota: [{nominal: x}]}\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let checked = try Harness.run(Harness.binary, ["policy", "check", bad])
        #expect(checked.code == 1)
        #expect(checked.err.contains("bad.yaml:5: departments[0].teams[0].budget.monthly: must be ≥ 0"), "\(checked.err)")
        #expect(checked.err.contains("bad.yaml:5: departments[0].teams[0].quota[0].nominal: expected a number"))
        let refused = try Harness.run(Harness.binary, ["snapshot", "--policy", bad, "--store", dir.appendingPathComponent("s.sqlite").path])
        #expect(refused.code != 0 && refused.err.contains("2 error(s)"), "\(refused.err)")
    }

    @Test func thePolicySetsQuotasBudgetsAndTheHeader() throws {
        let dir = try Harness.tempDir()
        let r = try Harness.run(Harness.binary, ["snapshot", "--pane", "teams", "--json", "--policy", Self.example,
                                                 "--store", dir.appendingPathComponent("s.sqlite").path, "--timeout", "30"],
                                env: ["XDG_STATE_HOME": dir.path], timeout: 90)
        #expect(r.code == 0, "\(r.err)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let teams = try #require(obj["teams"] as? [[String: Any]])
        let nlp = try #require(teams.first { $0["team"] as? String == "nlp" })
        #expect(nlp["quota_gpus"] as? Int == 80)
        #expect(nlp["monthly_budget"] as? Double == 112_000)
        // Wide enough that the header's policy part is not cut however long the checkout path is.
        let text = try Harness.run(Harness.binary, ["snapshot", "--policy", Self.example, "--width", "300",
                                                    "--store", dir.appendingPathComponent("s.sqlite").path, "--timeout", "30"],
                                   timeout: 90)
        #expect(text.out.contains("policy: \(Self.example)"), "\(text.out.prefix(400))")
    }
}

/// Reports through the real binary.
@Suite struct ReportE2ETests {
    @Test func chargebackCSVHasFOCUSColumnsAndAddsUpPerTeam() throws {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        let warm = try Harness.run(Harness.binary, ["snapshot", "--store", store, "--timeout", "30"], env: ["XDG_STATE_HOME": dir.path],
                                   timeout: 90)
        try #require(warm.code == 0, "\(warm.err)")
        let csv = try Harness.run(Harness.binary, ["report", "chargeback", "--store", store])
        #expect(csv.code == 0, "\(csv.err)")
        let rows = csv.out.split(separator: "\n").map(String.init)
        let header = rows.first?.split(separator: ",").map(String.init) ?? []
        for column in ["BilledCost", "EffectiveCost", "ChargePeriodStart", "ChargePeriodEnd", "SubAccountId", "Tags", "ResourceId"] {
            #expect(header.contains(column), "missing \(column)")
        }
        #expect(rows.count > 10)
        let json = try Harness.run(Harness.binary, ["report", "chargeback", "--store", store, "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: String]])
        #expect(list.count == rows.count - 1)
        #expect(list.allSatisfy { $0["BillingCurrency"] == "USD" && $0["ConsumedUnit"] == "GPU-Hours" })
        let empty = try Harness.run(Harness.binary, ["report", "chargeback", "--store", store, "--period", "2020-01"])
        #expect(empty.out.split(separator: "\n").count == 1)
        let bad = try Harness.run(Harness.binary, ["report", "chargeback", "--store", store, "--period", "Oct"])
        #expect(bad.code != 0 && bad.err.contains("YYYY-MM"))
    }
}
