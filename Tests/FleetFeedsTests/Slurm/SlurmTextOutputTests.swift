import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

@Suite("sshare and sprio")
struct SlurmTextOutputTests {
    static let live = SharedData.url("slurm/live-22.05-v0.0.38")

    @Test("sshare -a -l -P of the 22.05 capture: the account tree with shares, usage, level and GPU run minutes",
          .enabled(if: live != nil, "../shared/data/slurm absent"))
    func realShares() throws {
        let text = try String(contentsOf: try #require(Self.live).appendingPathComponent("sshare_a_l_P.txt"), encoding: .utf8)
        let rows = try SlurmTextOutputs.shares(text).get()
        #expect(rows.count == 10)
        let nlp = try #require(rows.first { $0.account == "nlp" && $0.user.isEmpty })
        #expect(nlp.depth == 1)
        #expect(nlp.normShares == 0.297030)
        #expect(nlp.effectiveUsage == 0.766129)
        #expect(nlp.levelFS == 0.387702)
        #expect(nlp.gpuRunMinutes == 2926)
        let bob = try #require(rows.first { $0.user == "bob" })
        #expect(bob.depth == 2 && bob.account == "nlp" && bob.fairShare == 0.166667)
        #expect(rows.first { $0.account == "root" && $0.user == "root" }?.levelFS == .infinity)
    }

    @Test("sprio -l: factors by column name, the first PARTITION being the partition's name",
          .enabled(if: live != nil, "../shared/data/slurm absent"))
    func realPriorities() throws {
        let text = try String(contentsOf: try #require(Self.live).appendingPathComponent("sprio_l.txt"), encoding: .utf8)
        let factors = try SlurmTextOutputs.priorities(text).get()
        #expect(factors.count == 6)
        #expect(factors["6"]?["priority"] == 83834)
        #expect(factors["6"]?["fairshare"] == 83333)
        #expect(factors["6"]?["partition"] == 500)
        #expect(factors["6"]?["age"] == 1)
        #expect(factors["6"]?["jobid"] == nil)
    }

    @Test("other text is refused with the line")
    func refused() {
        guard case .failure(let a) = SlurmTextOutputs.shares("hello\n") else { Issue.record("parsed"); return }
        #expect(a.line == 1)
        guard case .failure(let b) = SlurmTextOutputs.priorities("garbage here\n1 2 3\n") else { Issue.record("parsed"); return }
        #expect(b.message.contains("JOBID"))
    }

    @Test("the ingest turns the tree into one event when it changes and factors into priority updates")
    func ingest() {
        var state = FleetState()
        state.apply(.policyDefined(SimulatedOrg.demoPolicy()))
        var ingest = SchedulerIngest(state: state)
        var jobs = SchedulerSnapshot(kind: "squeue")
        var j = SchedulerJob(id: "6")
        j.account = "speech"
        jobs.jobs = [j]
        _ = ingest.events(for: jobs, source: "s", at: 100)
        var shares = SchedulerSnapshot(kind: "sshare")
        shares.shares = [FairShareRecord(account: "speech", user: "", depth: 1, normShares: 0.2, effectiveUsage: 0.01,
                                         fairShare: nil, levelFS: 20, gpuRunMinutes: 0)]
        shares.priorityFactors = ["6": ["priority": 83834, "fairshare": 83333], "99": ["priority": 1]]
        let events = ingest.events(for: shares, source: "s", at: 130)
        #expect(events.count == 2)
        #expect(ingest.state.fairShare?.first?.levelFS == 20)
        #expect(ingest.state.job(id: "6")?.scheduler?.priority == 83834)
        #expect(ingest.state.job(id: "6")?.scheduler?.priorityFactors?["fairshare"] == 83333)
        #expect(ingest.events(for: shares, source: "s", at: 160).isEmpty)
    }
}
