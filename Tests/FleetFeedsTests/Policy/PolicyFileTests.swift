import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

@Suite("Policy file")
struct PolicyFileTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("policy.example.yaml").path

    @Test("the documented example is valid: org tree, quotas, grants, mappings, prices with terms, roles")
    func example() throws {
        let loaded = try PolicyFile.load(path: Self.example).get()
        #expect(loaded.org.name == "acme-ai")
        #expect(loaded.org.departments.map(\.name) == ["research", "product", "platform", "risk"])
        #expect(loaded.org.teams.count == 9)
        let nlp = try #require(loaded.org.teams.first { $0.name == "nlp" })
        #expect((nlp.quotaGPUs, nlp.borrowingLimitGPUs, nlp.monthlyBudget, nlp.costCenter) == (80, 32, 112_000, "CC-1100"))
        #expect(nlp.hasLimits)
        let rules = try #require(loaded.policy.rules)
        #expect(rules.quotas.filter { $0.team == "nlp" }.map(\.lendingLimit) == [16, nil])
        #expect(rules.grants == [GPUHourGrant(team: "nlp", period: .month, gpuHours: 60_000)])
        #expect(rules.classOfSchedulerName["qos:low"] == "best-effort")
        #expect(rules.classOfSchedulerName["trace:LS"] == "prod-inference")
        #expect(rules.budgetThresholds["fraud"] == BudgetThresholds(warnAt: 0.7, throttleAt: 1.0))
        #expect(rules.commitmentTermMonths["H100|reserved|us-east-1"] == 12)
        #expect(rules.requiredTags == ["project", "cost-center"])
        #expect(rules.roles.map(\.name) == ["on-call", "capacity-board", "finance", "executive"])
        let governance = try #require(rules.governance)
        #expect(governance.ladder.map(\.slaSeconds) == [900, 4 * 3600, 24 * 3600])
        #expect(governance.twoApproversAboveGPUHours == 512 && governance.decisionSLA(.critical) == 900 && !governance.executePlans)
        #expect(loaded.org.teams.first { $0.name == "nlp" }?.members == ["frank", "grace"])
        #expect(loaded.policy.priorityClasses.map(\.queueWaitSLASeconds) == [300, 1800, 7200, 14_400, 28_800, 86_400])
        #expect(loaded.policy.queueDepthLimits == ["prod-inference": 10, "regulatory": 10])
        #expect(loaded.policy.idleWindowSeconds == 1800)
        #expect(loaded.policy.source == Self.example)
    }

    @Test("governance mistakes: unknown request kinds, '*' members, ladder roles that do not exist, bad SLAs")
    func governanceErrors() {
        let text = """
            organisation: x
            departments: [{name: d, teams: [{name: a, budget: {monthly: 1}}]}]
            roles:
              - {name: ops, members: ["*"], approves: [override, quota]}
            governance:
              decision_sla: {critical: soon}
              escalation:
                - {level: one, role: ghosts, sla: 15m}
            """
        guard case .failure(let list) = PolicyFile.parse(text, file: "g.yaml") else { Issue.record("accepted"); return }
        let lines = list.errors.map(\.description)
        #expect(lines.contains { $0.hasPrefix("g.yaml:4: roles[0].members: \"*\" (anyone) is only for the built-in demo policy") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("g.yaml:4: roles[0].approves: override: not a request kind") }, "\(lines)")
        #expect(lines.contains("g.yaml:6: governance.decision_sla.critical: expected a duration like 5m, 2h or 1d"), "\(lines)")
        #expect(lines.contains("g.yaml:8: governance.escalation[0].role: role ghosts is not defined under roles:"), "\(lines)")
    }

    @Test("every mistake is listed with file, line and field, not only the first")
    func everyError() throws {
        let text = """
            organisation: x
            departments:
              - name: d
                teams:
                  - name: a
                    budgt: {monthly: 5}
                    quota: [{nominal: -1}, {nominal: 4, lending_limit: 9}]
                  - name: a
                    budget: {monthly: 1, warn_at: 1.2, throttle_at: 1.0}
            priority_classes:
              - {name: p, queue_wait_sla: 5q, maps_from: [qos:x]}
              - {name: q, queue_wait_sla: 5m, maps_from: [qos:x, nocolon]}
            prices:
              - {model: H100, purchase: onprem, region: r, per_gpu_hour: 1}
              - {model: H100, purchase: spot, region: r, per_gpu_hour: 1}
              - {model: H100, purchase: spot, region: r, per_gpu_hour: 2}
            """
        guard case .failure(let list) = PolicyFile.parse(text, file: "p.yaml") else { Issue.record("accepted"); return }
        let lines = list.errors.map(\.description)
        #expect(lines.contains("p.yaml:5: departments[0].teams[0]: budget: required (budget: {monthly: 50000})"))
        #expect(lines.contains { $0.hasPrefix("p.yaml:6: departments[0].teams[0].budgt: unknown field") })
        #expect(lines.contains("p.yaml:7: departments[0].teams[0].quota[0].nominal: must be ≥ 0"))
        #expect(lines.contains("p.yaml:7: departments[0].teams[0].quota[1].lending_limit: lends 9 GPUs of a nominal quota of 4"))
        #expect(lines.contains("p.yaml:8: departments[0].teams[1]: team a is already defined on line 5"))
        #expect(lines.contains("p.yaml:9: departments[0].teams[1].budget: warn_at (1.2) is above throttle_at (1.0)"))
        #expect(lines.contains("p.yaml:11: priority_classes[0].queue_wait_sla: expected a duration like 5m, 2h or 1d"))
        #expect(lines.contains { $0.hasPrefix("p.yaml:12: priority_classes[1].maps_from: nocolon") })
        #expect(lines.contains("p.yaml:14: prices[0].purchase: expected one of on-prem, colocation, reserved, on-demand, spot"))
        #expect(lines.contains("p.yaml:16: prices[2]: contradicts line 15: H100 spot in r costs 1.0 there"))
        #expect(list.errors.map(\.line) == list.errors.map(\.line).sorted())
    }

    @Test("YAML syntax errors and missing sections name their line")
    func syntax() {
        guard case .failure(let a) = PolicyFile.parse("a: [1, 2\nb: c\n", file: "s.yaml") else { Issue.record("accepted"); return }
        #expect(a.errors.first?.line == 2 && a.errors.first?.message.hasPrefix("YAML:") == true)
        guard case .failure(let b) = PolicyFile.parse("organisation: x\n", file: "s.yaml") else { Issue.record("accepted"); return }
        #expect(b.errors.map(\.field) == ["departments"])
        guard case .failure(let c) = PolicyFile.parse("", file: "s.yaml") else { Issue.record("accepted"); return }
        #expect(c.errors.first?.message == "the file is empty")
    }
}

@Suite("Policy watcher")
struct PolicyWatcherTests {
    @Test("the file applies, a broken edit keeps the previous policy and says why, a fix applies again")
    func reloads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-policy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("p.yaml")
        let good = "organisation: o\ndepartments:\n  - name: d\n    teams:\n      - {name: a, budget: {monthly: 10}, quota: [{nominal: 4}]}\n"
        try good.write(to: file, atomically: true, encoding: .utf8)
        var state = FleetState()
        var watcher = PolicyWatcher(path: file.path)
        state.apply(watcher.poll(state: state, now: 0))
        #expect(state.org.teams.map(\.quotaGPUs) == [4])
        #expect(state.policy?.source == file.path)
        #expect(state.feeds.first?.errorCount == 0 && state.feeds.first?.lastGoodAt == 0)
        try "organisation: o\ndepartments: [{name: d, teams: [{name: a, budget: {monthly: -1}}]}]\n"
            .write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: file.path)
        state.apply(watcher.poll(state: state, now: 10))
        #expect(state.org.teams.map(\.quotaGPUs) == [4])
        #expect(state.feeds.first?.lastErrorAt == 10)
        #expect(state.feeds.first?.lastError?.contains("previous policy kept") == true)
        try good.replacingOccurrences(of: "nominal: 4", with: "nominal: 6").write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: file.path)
        state.apply(watcher.poll(state: state, now: 20))
        #expect(state.org.teams.map(\.quotaGPUs) == [6])
        #expect(state.feeds.first?.lastGoodAt == 20)
        // Nothing changed: no events until the next status report is due.
        #expect(watcher.poll(state: state, now: 23).isEmpty)
    }

    @Test("teams a scheduler revealed stay when the file does not name them")
    func keepsObservedTeams() {
        let file = OrgSpec(name: "o", departments: [Department(name: "d", costCenter: "")],
                           teams: [Team(name: "a", department: 0, costCenter: "", quotaGPUs: 1, borrowingLimitGPUs: 0,
                                        monthlyBudget: 1, projects: [])])
        let current = OrgSpec(name: "o", departments: [], teams: [
            Team(name: "slurm-acct", department: 0, costCenter: "", quotaGPUs: 0, borrowingLimitGPUs: 0, monthlyBudget: 0,
                 projects: [], limitsSet: false)])
        let merged = PolicyWatcher.merged(file, keeping: current)
        #expect(merged.teams.map(\.name) == ["a", "slurm-acct"])
        #expect(merged.teams[1].department == 1)
    }
}
