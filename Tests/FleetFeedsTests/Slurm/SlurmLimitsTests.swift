import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

@Suite("Slurm association and QOS limits")
struct SlurmLimitsTests {
    @Test("slurmdb associations and qos: GrpTRES, MaxTRESPerUser and MaxTRESPerJob GPUs, in any version's numbers")
    func shapes() throws {
        let doc = #"{"associations": [{"account": "nlp", "user": "", "parent_account": "root", "shares_raw": 30, "max": {"tres":"#
            + #" {"group": {"active": [{"type": "cpu", "count": 64}, {"type": "gres", "name": "gpu", "count": 16}]},"#
            + #" "per": {"job": [{"type": "gres", "name": "gpu:h100", "count": 8}]}}}}, {"user": "x"}],"#
            + #" "qos": [{"name": "low", "priority": {"set": true, "infinite": false, "number": 10}, "limits": {"max": {"tres":"#
            + #" {"total": [{"type": "gres", "name": "gpu", "count": 4}], "per": {"user": [{"type": "gres", "name": "gpu", "count": 2}]}}}}}]}"#
        let s = try SlurmJSON.parse(Data(doc.utf8)).get()
        #expect(s.kind == "limits")
        let limits = try #require(s.limits)
        #expect(limits == [
            SchedulerLimit(kind: .association, name: "nlp", user: "", parent: "root", groupGPUs: 16, perUserGPUs: nil, perJobGPUs: 8,
                           priority: 30),
            SchedulerLimit(kind: .qos, name: "low", user: "", parent: nil, groupGPUs: 4, perUserGPUs: 2, perJobGPUs: nil, priority: 10),
        ])
    }

    @Test("the 22.05 capture's associations and QOS: speech has GrpTRES gres/gpu=8 (as sacctmgr_assoc.txt says)",
          .enabled(if: SharedData.url("slurm") != nil, "../shared/data/slurm absent"))
    func realFiles() throws {
        let dir = try #require(SharedData.url("slurm/live-22.05-v0.0.38"))
        let assoc = try SlurmJSON.parse(Data(contentsOf: dir.appendingPathComponent("rest_unix_slurmdb_v0.0.38_associations.json"))).get()
        #expect(assoc.limits?.count == 10)
        #expect(assoc.limits?.filter { $0.groupGPUs != nil }.map { "\($0.name)=\($0.groupGPUs ?? 0)" } == ["speech=8"])
        let qos = try SlurmJSON.parse(Data(contentsOf: dir.appendingPathComponent("rest_unix_slurmdb_v0.0.38_qos.json"))).get()
        #expect((qos.limits?.count ?? 0) >= 1)
        #expect(qos.limits?.allSatisfy { $0.kind == .qos } == true)
    }

    @Test("sacctmgr -n -P text")
    func sacctmgr() {
        let limits = SlurmTextOutputs.limits(associations: "root|||||\nnlp||root|cpu=10,gres/gpu=16||\nnlp|bob|nlp|||\n",
                                             qos: "normal|0||||\nlow|10|gres/gpu=4|gres/gpu=2||\n")
        #expect(limits.count == 5)
        #expect(limits.first { $0.name == "nlp" && $0.user.isEmpty }?.groupGPUs == 16)
        #expect(limits.first { $0.name == "low" }.map { ($0.groupGPUs, $0.perUserGPUs, $0.priority) }! == (4, 2, 10))
    }
}
