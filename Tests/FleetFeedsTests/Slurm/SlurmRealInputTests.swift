import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

/// Saved Slurm documents read the way the writer reads them: node and job files in any order, node counts alone,
/// sacct alone, saved-file time, unmapped QOS.
@Suite("Slurm saved documents, as the writer ingests them", .enabled(if: SharedData.url("slurm") != nil, "../shared/data/slurm absent"))
struct SlurmRealInputTests {
    static let v42 = "slurm/slurmrestd-24.11_data_parser_v0.0.42/"

    /// The update a `--slurm-json` source gives for `file`.
    private func update(_ file: String) throws -> SchedulerUpdate {
        var source = SchedulerSourceConfig.slurmJSON(path: try #require(SharedData.url(file)).path).makeSource(timeout: 5)
        let update = source.fetch()
        #expect(update.failure == nil)
        return update
    }

    /// The state after ingesting `files` in order, one update each, as `LiveFeedRunner` does.
    private func ingest(_ files: [String]) throws -> FleetState {
        var state = FleetState()
        state.apply(.policyDefined(SimulatedOrg.demoPolicy()))
        var ingest = SchedulerIngest(state: state)
        for file in files {
            var u = try update(file)
            u.promoteAccountingWithoutJobList()
            ingest.note(.clock(at: u.eventTime))
            let rank: (SchedulerSnapshot) -> Int = { s in s.nodes != nil && s.jobs == nil ? 0 : s.accountingJobs != nil ? 1 : 2 }
            for snapshot in u.snapshots.sorted(by: { rank($0) < rank($1) }) {
                _ = ingest.events(for: snapshot, source: "slurm-json \(file)", at: u.eventTime)
            }
            ingest.note(.feedStatus(FeedStatus(name: file, kind: "slurm-json", at: 1, intervalSeconds: 30, ok: true,
                                               reportsJobs: u.hasJobList, asOf: u.documentTime)))
        }
        return ingest.state
    }

    @Test("jobs and nodes from separate files give the same allocation in either order (a job seen before its nodes gets its GPUs)")
    func orderIndependent() throws {
        let nodesFirst = try ingest([Self.v42 + "slurm-nodes.json", Self.v42 + "slurm-job-gpus-multi-nodes.json"])
        let jobsFirst = try ingest([Self.v42 + "slurm-job-gpus-multi-nodes.json", Self.v42 + "slurm-nodes.json"])
        let a = FleetKPIs.derive(from: nodesFirst, wallNow: nil)
        let b = FleetKPIs.derive(from: jobsFirst, wallNow: nil)
        #expect(a.allocated == 12)
        #expect(b.allocated == 12)
        #expect(jobsFirst.jobSlots.compactMap { $0 }.map(\.gpuIndices.count) == nodesFirst.jobSlots.compactMap { $0 }.map(\.gpuIndices.count))
    }

    @Test("node documents alone: gres_used says how many GPUs are in use; nothing at all says unknown, not 0")
    func nodeAllocation() throws {
        let allocated = FleetKPIs.derive(from: try ingest([Self.v42 + "slurm-node-with-gpus-model-allocated.json"]), wallNow: nil)
        #expect(allocated.allocationKnown && allocated.allocated == 6 && allocated.allocation == 1)
        let idle = FleetKPIs.derive(from: try ingest([Self.v42 + "slurm-nodes.json"]), wallNow: nil)
        #expect(idle.allocationKnown && idle.allocated == 0 && idle.allocation == 0)

        // A node list whose nodes say nothing of use, and no job list: unknown.
        var state = FleetState()
        var silent = SchedulerSnapshot(kind: "sinfo")
        var node = SchedulerNode(name: "g1")
        node.gpus = 8
        silent.nodes = [node]
        var ingest = SchedulerIngest(state: state)
        _ = ingest.events(for: silent, source: "s", at: 10)
        state = ingest.state
        let unknown = FleetKPIs.derive(from: state, wallNow: nil)
        #expect(!unknown.allocationKnown && unknown.allocation == nil && unknown.capacity == 8)
        // An empty live job list says 0.
        var empty = SchedulerSnapshot(kind: "squeue")
        empty.jobs = []
        _ = ingest.events(for: empty, source: "s", at: 20)
        ingest.note(.feedStatus(FeedStatus(name: "s", kind: "slurm-json", at: 20, intervalSeconds: 30, ok: true, reportsJobs: true)))
        #expect(FleetKPIs.derive(from: ingest.state, wallNow: nil).allocation == 0)
    }

    @Test("sacct/slurmdb records alone: running and pending records are live jobs, finished ones history")
    func accountingAlone() throws {
        let running = try ingest([Self.v42 + "slurmdb-job-gpus-running.json"])
        #expect(running.jobSlots.compactMap { $0 }.filter { $0.state == .running }.count == 1)
        let completed = try ingest([Self.v42 + "slurmdb-job-gpus-completed.json"])
        #expect(completed.jobSlots.allSatisfy { $0 == nil })
        #expect(completed.recentFinishedJobs.count == 1 && completed.jobTotals.completed == 1)
        // Read again (the file is re-read every interval): still one.
        let twice = try ingest([Self.v42 + "slurmdb-job-gpus-completed.json", Self.v42 + "slurmdb-job-gpus-completed.json"])
        #expect(twice.jobTotals.completed == 1)
    }

    @Test("a saved document is measured at its own time (last_update), and the header says so")
    func savedFileTime() throws {
        let state = try ingest([Self.v42 + "slurm-job-gpus-pending.json"])
        #expect(state.now == 1_762_788_934)  // its last_update, not the wall clock
        #expect(state.savedDocumentTime == 1_762_788_934)
        let k = FleetKPIs.derive(from: state, wallNow: Date().timeIntervalSince1970)
        #expect(k.pendingJobs == 1)
        #expect((k.oldestPendingWait ?? .infinity) < 3600)
        #expect(!k.alerts.contains { $0.message.contains("over SLA") })
    }

    @Test("jobs of an unmapped QOS get their own per-class row, so the rows add up to the totals")
    func unmappedQOS() throws {
        let state = try ingest([Self.v42 + "slurm-jobs.json"])
        let k = FleetKPIs.derive(from: state, wallNow: nil)
        #expect(k.pendingJobs + k.runningJobs > 0)
        #expect(k.classes.reduce(0) { $0 + $1.pendingJobs } == k.pendingJobs)
        #expect(k.classes.reduce(0) { $0 + $1.runningJobs } == k.runningJobs)
        #expect(k.classes.contains { $0.name.hasPrefix("qos:") && $0.isUnmapped && !$0.breachesSLA })
    }
}

@Suite("Slurm GRES types")
struct SlurmGRESTypeTests {
    @Test("a MIG profile is a MIG instance of an unknown parent, not a GPU model")
    func migProfile() {
        #expect(SlurmTRES.modelName("1g.10gb") == "MIG 1g.10gb (parent unknown)")
        #expect(SlurmTRES.modelName("3g.40gb+me") == "MIG 3g.40gb+me (parent unknown)")
        #expect(SlurmTRES.modelName("h100") == "H100")
        let json = #"{"nodes":[{"name":"m1","gres":"gpu:1g.10gb:21","gres_used":"gpu:1g.10gb:5(IDX:0-4)"}]}"#
        let node = (try? SlurmJSON.parse(Data(json.utf8)).get().nodes?.first) ?? nil
        #expect(node?.gpuModel == "MIG 1g.10gb (parent unknown)" && node?.gpus == 21 && node?.gpusAllocated == 5)
    }

    @Test("the model named in gres_detail counts when the job's TRES has no type")
    func gresDetailModel() throws {
        let json = #"{"jobs":[{"job_id":7,"job_state":["RUNNING"],"tres_alloc_str":"cpu=4,gres/gpu=4","nodes":"g1","gres_detail":["gpu:h100:4(IDX:0-3)"]}]}"#
        let job = try #require(try SlurmJSON.parse(Data(json.utf8)).get().jobs?.first)
        #expect(job.gpus == 4 && job.gpuModel == "H100")
    }
}
