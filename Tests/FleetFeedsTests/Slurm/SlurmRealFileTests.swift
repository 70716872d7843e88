import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

/// Every real Slurm document in ../shared/data/slurm parses, with counts checked against an independent reading
/// of the same files (Python, `json.load`, counting `job_state`/`state.current` and the GPU TRES by hand).
@Suite("Slurm JSON, real files", .enabled(if: SharedData.url("slurm") != nil, "../shared/data/slurm absent"))
struct SlurmRealFileTests {
    struct JobCounts: CustomTestStringConvertible, Sendable {
        var file: String, version: String, live: Int, pending: Int, running: Int, pendingGPUs: Int, runningGPUs: Int
        var testDescription: String { file }
    }

    static let jobFiles: [JobCounts] = [
        .init(file: "cli-v0.0.37-v0.0.41/squeue_out.json", version: "v0.0.37", live: 11, pending: 10, running: 1,
              pendingGPUs: 0, runningGPUs: 0),
        .init(file: "live-22.05-v0.0.38/squeue.json", version: "v0.0.38", live: 12, pending: 6, running: 6,
              pendingGPUs: 18, runningGPUs: 26),
        .init(file: "live-22.05-v0.0.38/rest_unix_slurm_v0.0.38_jobs.json", version: "v0.0.38", live: 12, pending: 6,
              running: 6, pendingGPUs: 18, runningGPUs: 26),
        .init(file: "live-22.05-v0.0.38/rest_tcp_jwt_slurm_v0.0.38_jobs.json", version: "v0.0.38", live: 12, pending: 6,
              running: 6, pendingGPUs: 18, runningGPUs: 26),
        .init(file: "slurmrestd-23.11_data_parser_v0.0.40/slurm-jobs.json", version: "v0.0.40", live: 7, pending: 2,
              running: 5, pendingGPUs: 0, runningGPUs: 0),
        .init(file: "slurmrestd-23.11_data_parser_v0.0.40/slurm-job-gpus-pending.json", version: "v0.0.40", live: 1,
              pending: 1, running: 0, pendingGPUs: 6, runningGPUs: 0),
        .init(file: "slurmrestd-23.11_data_parser_v0.0.40/slurm-job-gpus-running.json", version: "v0.0.40", live: 1,
              pending: 0, running: 1, pendingGPUs: 0, runningGPUs: 6),
        .init(file: "slurmrestd-23.11_data_parser_v0.0.40/slurm-job-gpus-multi-nodes.json", version: "v0.0.40", live: 1,
              pending: 0, running: 1, pendingGPUs: 0, runningGPUs: 12),
        .init(file: "slurmrestd-24.05_data_parser_v0.0.41/slurm-jobs.json", version: "v0.0.41", live: 4, pending: 1,
              running: 3, pendingGPUs: 0, runningGPUs: 0),
        .init(file: "slurmrestd-24.05_data_parser_v0.0.41/slurm-job-gpus-pending.json", version: "v0.0.41", live: 1,
              pending: 1, running: 0, pendingGPUs: 4, runningGPUs: 0),
        .init(file: "slurmrestd-24.05_data_parser_v0.0.41/slurm-job-gpus-running.json", version: "v0.0.41", live: 1,
              pending: 0, running: 1, pendingGPUs: 0, runningGPUs: 4),
        .init(file: "slurmrestd-24.05_data_parser_v0.0.41/slurm-job-gpus-multi-nodes.json", version: "v0.0.41", live: 1,
              pending: 0, running: 1, pendingGPUs: 0, runningGPUs: 8),
        .init(file: "slurmrestd-24.11_data_parser_v0.0.42/slurm-jobs.json", version: "v0.0.42", live: 9, pending: 2,
              running: 7, pendingGPUs: 0, runningGPUs: 0),
        .init(file: "slurmrestd-24.11_data_parser_v0.0.42/slurm-job-gpus-pending.json", version: "v0.0.42", live: 1,
              pending: 1, running: 0, pendingGPUs: 6, runningGPUs: 0),
        .init(file: "slurmrestd-24.11_data_parser_v0.0.42/slurm-job-gpus-running.json", version: "v0.0.42", live: 1,
              pending: 0, running: 1, pendingGPUs: 0, runningGPUs: 6),
        .init(file: "slurmrestd-24.11_data_parser_v0.0.42/slurm-job-gpus-multi-nodes.json", version: "v0.0.42", live: 1,
              pending: 0, running: 1, pendingGPUs: 0, runningGPUs: 12),
    ]

    @Test("live job lists: pending and running counts and GPUs", arguments: jobFiles)
    func jobs(_ expected: JobCounts) throws {
        let snapshot = try parse(expected.file)
        #expect(snapshot.version == expected.version)
        #expect(snapshot.kind == "squeue")
        #expect(snapshot.problems.isEmpty, "\(snapshot.problems)")
        let live = try #require(snapshot.jobs).filter { $0.state == .pending || $0.state == .running }
        let pending = live.filter { $0.state == .pending }, running = live.filter { $0.state == .running }
        #expect(live.count == expected.live)
        #expect(pending.count == expected.pending)
        #expect(running.count == expected.running)
        #expect(pending.reduce(0) { $0 + $1.gpus } == expected.pendingGPUs)
        #expect(running.reduce(0) { $0 + $1.gpus } == expected.runningGPUs)
        #expect(Set(live.map(\.id)).count == live.count, "ids are unique")
    }

    struct NodeCounts: CustomTestStringConvertible, Sendable {
        var file: String, nodes: Int, gpus: Int, allocated: Int, notUp: Int
        var testDescription: String { file }
    }

    static let nodeFiles: [NodeCounts] = [
        // One grouped entry says `"total": 10` but names only cs62: only named nodes can join the fleet.
        .init(file: "cli-v0.0.37-v0.0.41/sinfo_dataparser.json", nodes: 1, gpus: 0, allocated: 0, notUp: 1),
        .init(file: "cli-v0.0.37-v0.0.41/sinfo_out.json", nodes: 4, gpus: 0, allocated: 0, notUp: 1),
        .init(file: "live-22.05-v0.0.38/sinfo.json", nodes: 4, gpus: 28, allocated: 26, notUp: 0),
        .init(file: "live-22.05-v0.0.38/rest_unix_slurm_v0.0.38_nodes.json", nodes: 4, gpus: 28, allocated: 26, notUp: 0),
        .init(file: "slurmrestd-23.11_data_parser_v0.0.40/slurm-nodes.json", nodes: 6, gpus: 12, allocated: 0, notUp: 2),
        .init(file: "slurmrestd-23.11_data_parser_v0.0.40/slurm-node-with-gpus-allocated.json", nodes: 1, gpus: 6,
              allocated: 6, notUp: 0),
        .init(file: "slurmrestd-24.05_data_parser_v0.0.41/slurm-nodes.json", nodes: 100, gpus: 0, allocated: 0, notUp: 0),
        .init(file: "slurmrestd-24.05_data_parser_v0.0.41/slurm-node-with-gpus-model-allocated.json", nodes: 1, gpus: 4,
              allocated: 4, notUp: 0),
        .init(file: "slurmrestd-24.11_data_parser_v0.0.42/slurm-nodes.json", nodes: 6, gpus: 12, allocated: 0, notUp: 2),
        .init(file: "slurmrestd-24.11_data_parser_v0.0.42/slurm-node-with-gpus-model-allocated.json", nodes: 1, gpus: 6,
              allocated: 6, notUp: 0),
    ]

    @Test("node lists: GPUs total and allocated, drained or down nodes", arguments: nodeFiles)
    func nodes(_ expected: NodeCounts) throws {
        let snapshot = try parse(expected.file)
        #expect(snapshot.problems.isEmpty, "\(snapshot.problems)")
        let nodes = try #require(snapshot.nodes)
        #expect(nodes.count == expected.nodes)
        #expect(nodes.reduce(0) { $0 + $1.gpus } == expected.gpus)
        #expect(nodes.reduce(0) { $0 + ($1.gpusAllocated ?? 0) } == expected.allocated)
        #expect(nodes.count { $0.state != .up } == expected.notUp)
    }

    @Test("accounting records carry how jobs ended", arguments: [
        ("live-22.05-v0.0.38/sacct.json", 13), ("live-22.05-v0.0.38/rest_unix_slurmdb_v0.0.38_jobs.json", 13),
        ("slurmrestd-23.11_data_parser_v0.0.40/slurmdb-job-failed.json", 1),
        ("slurmrestd-24.05_data_parser_v0.0.41/slurmdb-job-gpus-completed.json", 1),
        ("slurmrestd-24.11_data_parser_v0.0.42/slurmdb-job-completed.json", 1),
    ])
    func accounting(file: String, records: Int) throws {
        let snapshot = try parse(file)
        #expect(snapshot.kind == "sacct")
        let jobs = try #require(snapshot.accountingJobs)
        #expect(jobs.count == records)
        #expect(snapshot.problems.isEmpty, "\(snapshot.problems)")
    }

    @Test("the typed GRES of the 22.05 capture names the models")
    func typedModels() throws {
        let jobs = try #require(try parse("live-22.05-v0.0.38/squeue.json").jobs)
        let byID = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, $0) })
        #expect(byID["11"]?.gpuModel == "H100")
        #expect(byID["9"]?.gpuModel == "T4")
        #expect(byID["5"]?.gpuModel == nil)
        #expect(byID["5"]?.reason == "Resources")
        #expect(byID["6"]?.reason == "Priority")
        #expect(byID["1"]?.nodes == ["gpu-node1"])
        #expect(byID["6"]?.qos == "low")
        #expect(byID["6"]?.account == "speech")
    }

    @Test("every other JSON document under slurm/ is read or refused with a clear error, never a crash")
    func everyFile() throws {
        let root = try #require(SharedData.url("slurm"))
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") } ?? []
        #expect(files.count >= 60)
        for file in files {
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            switch SlurmJSON.parse(data) {
            case .success(let snapshot):
                #expect(snapshot.jobs != nil || snapshot.nodes != nil || snapshot.accountingJobs != nil || snapshot.limits != nil)
            case .failure(let error): #expect(error.message.contains("no jobs, nodes, sinfo"), "\(file): \(error)")
            }
        }
    }

    private func parse(_ file: String) throws -> SchedulerSnapshot {
        let url = try #require(SharedData.url("slurm/\(file)"))
        return try SlurmJSON.parse(Data(contentsOf: url)).get()
    }
}
