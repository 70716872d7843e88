import Foundation
import Testing
@testable import FleetFeeds

/// The Kueue manifests in shared/data/kueue (Kueue's site examples and KueueViz demo objects), and Volcano/KAI
/// queues beside them. Expected figures were computed independently with PyYAML.
@Suite("Kueue objects, real files", .enabled(if: SharedData.url("kueue") != nil, "../shared/data/kueue absent"))
struct KueueRealFileTests {
    struct Expected: CustomTestStringConvertible, Sendable {
        var file: String
        var clusterQueues: Int
        var cohorts: Int
        var localQueues: Int
        var skipped: Int
        /// Nominal quota of GPU-count resources, summed over every queue of the file.
        var nominalGPUs: Double
        var testDescription: String { file }
    }

    static let expected: [Expected] = [
        .init(file: "kueueviz-examples/00-resource-flavor.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 3, nominalGPUs: 0),
        // The demo gives its "gpu" resource a nominal quota of 1Gi: 2^30 GPUs, as written.
        .init(file: "kueueviz-examples/01-cluster-queues.yaml", clusterQueues: 4, cohorts: 0, localQueues: 0, skipped: 0, nominalGPUs: 1_073_741_824),
        .init(file: "kueueviz-examples/01.5-cohorts.yaml", clusterQueues: 0, cohorts: 5, localQueues: 0, skipped: 0, nominalGPUs: 0),
        .init(file: "kueueviz-examples/02-local-queues.yaml", clusterQueues: 0, cohorts: 0, localQueues: 3, skipped: 0, nominalGPUs: 0),
        .init(file: "kueueviz-examples/03-agi-job.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "kueueviz-examples/04-llm-job.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "kueueviz-examples/05-cancer-cure-research.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "kueueviz-examples/07-workload-priority-classes.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 0, nominalGPUs: 0),
        .init(file: "site-examples/admin_concurrent-admission-setup.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 3, nominalGPUs: 0),
        .init(file: "site-examples/admin_minimal-cq.yaml", clusterQueues: 1, cohorts: 0, localQueues: 0, skipped: 0, nominalGPUs: 0),
        .init(file: "site-examples/admin_resource-flavor-empty.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/admin_resource-flavor-taints.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/admin_resource-flavor-tolerations.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/admin_shared-quota-setup.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 3, nominalGPUs: 0),
        .init(file: "site-examples/admin_single-clusterqueue-setup.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/admission-fs_admission-fair-sharing-setup.yaml", clusterQueues: 1, cohorts: 0, localQueues: 2, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/getting-started_quick-start-job.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/getting-started_quick-start-setup.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/jobs_sample-job.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/jobs_sample-jobset.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/jobs_sample-pytorchjob.yaml", clusterQueues: 0, cohorts: 0, localQueues: 0, skipped: 1, nominalGPUs: 0),
        .init(file: "site-examples/multikueue_multikueue-setup.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 4, nominalGPUs: 0),
        .init(file: "site-examples/provisioning_provisioning-setup.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 3, nominalGPUs: 9),
        // HAMi's nvidia.com/total-gpucores (600) and total-gpumem (20480) are not GPU counts.
        .init(file: "site-examples/serving-workloads_sample-hami.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 3, nominalGPUs: 20),
        .init(file: "site-examples/tas_sample-gpu-queues.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 2, nominalGPUs: 16),
        .init(file: "site-examples/tas_sample-queues.yaml", clusterQueues: 1, cohorts: 0, localQueues: 1, skipped: 2, nominalGPUs: 0),
    ]

    static let otherSchedulers = [
        "other-schedulers/default-queues.yaml", "other-schedulers/example_deployment_queue.yaml",
        "other-schedulers/example_hierarchical-jobs_queues.yaml", "other-schedulers/limited-queue.yaml",
    ]

    private func data(_ file: String) throws -> Data {
        try Data(contentsOf: try #require(SharedData.url("kueue/\(file)")))
    }

    @Test("every YAML file is read: Kueue files parse, other schedulers' are refused as not Kueue")
    func everyFile() throws {
        let root = try #require(SharedData.url("kueue"))
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == Self.expected.count + Self.otherSchedulers.count)
        for file in files.sorted() {
            let result = KueueObjects.parse(try data(file))
            if file.hasPrefix("other-schedulers/") {
                guard case .failure(let error) = result else { Issue.record("\(file) parsed"); continue }
                #expect(error.message.hasPrefix("not a Kueue object: Queue (scheduling."), "\(file)")
            } else {
                guard case .success(let snapshot) = result else { Issue.record("\(file): \(result)"); continue }
                #expect(snapshot.problems == [], "\(file)")
                #expect(snapshot.jobs == nil, "\(file): manifests list no workloads")
            }
        }
    }

    @Test("counts and GPU quota per file", arguments: expected)
    func counts(_ e: Expected) throws {
        guard case .success(let s) = KueueObjects.parse(try data(e.file)) else { Issue.record("failed"); return }
        let queues = s.queues ?? []
        #expect(queues.filter { $0.kind == .clusterQueue }.count == e.clusterQueues)
        #expect(queues.filter { $0.kind == .cohort }.count == e.cohorts)
        #expect((s.localQueues ?? [:]).count == e.localQueues)
        #expect(s.skippedObjects == e.skipped)
        #expect(queues.compactMap(\.nominalGPUs).reduce(0, +) == e.nominalGPUs)
    }

    @Test("the KueueViz demo as one multi-document input: v1beta2 cohortName, nested Cohorts, LocalQueues")
    func kueuevizTogether() throws {
        var all = Data()
        for file in Self.expected.map(\.file) where file.hasPrefix("kueueviz-examples/") {
            all.append(try data(file))
            all.append(Data("\n---\n".utf8))
        }
        guard case .success(let s) = KueueObjects.parse(all) else { Issue.record("failed"); return }
        let parent = Dictionary(uniqueKeysWithValues: (s.queues ?? []).map { ($0.name, $0.parent) })
        #expect(parent["agi-cluster-queue"] == "ai-for-humanity-foundation")
        #expect(parent["unused-cluster-queue"] == .some(nil))
        #expect(parent["research"] == "organization" && parent["engineering"] == "organization")
        #expect(parent["organization"] == .some(nil))
        #expect(s.localQueues?["default/emergency-queue"] == "emergency-cluster-queue")
        #expect(s.skippedObjects == 3 + 3)  // ResourceFlavors and the three Jobs
        let agi = try #require(s.queues?.first { $0.name == "agi-cluster-queue" })
        #expect(agi.flavors.map(\.nominal) == [0.3, 314_572_800])  // 300m CPU, 300Mi memory
        #expect(agi.nominalGPUs == nil)
    }
}
