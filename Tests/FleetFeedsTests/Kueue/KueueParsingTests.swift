import Foundation
import Testing
@testable import FleetFeeds

@Suite("Kueue objects")
struct KueueParsingTests {
    private func parse(_ text: String) -> Result<SchedulerSnapshot, SchedulerParseError> {
        KueueObjects.parse(Data(text.utf8))
    }

    private func snapshot(_ text: String) throws -> SchedulerSnapshot {
        switch parse(text) {
        case .success(let s): return s
        case .failure(let e): throw e
        }
    }

    @Test("a kubectl List: ClusterQueue quota, usage and fair sharing; Cohort parent; LocalQueue mapping")
    func listQueues() throws {
        let s = try snapshot(KueueFixtures.list)
        #expect(s.kind == "kueue")
        #expect(s.problems == [])
        #expect(s.skippedObjects == 1)  // the batch Job: its Workload carries it
        #expect(s.localQueues == ["team-a/team-a": "team-a-cq"])
        let queues = try #require(s.queues)
        #expect(queues.map(\.name) == ["team-a-cq", "research"])
        let cq = queues[0]
        #expect(cq.kind == .clusterQueue)
        #expect(cq.parent == "research")
        #expect(cq.nominalGPUs == 12)
        #expect(cq.borrowingLimitGPUs == 4)
        #expect(cq.lendingLimitGPUs == 2)
        #expect(cq.usedGPUs == 4)
        #expect(cq.admitted == 1)
        #expect(cq.reserving == 1)
        #expect(cq.pendingActive == 1)
        #expect(cq.pendingInadmissible == 1)
        #expect(cq.fairWeight == 0.5)
        #expect(cq.weightedShare == 250)
        #expect(cq.flavors.map { "\($0.flavor)/\($0.resource)" }
                == ["h100/cpu", "h100/nvidia.com/gpu", "a100/cpu", "a100/nvidia.com/gpu"])
        #expect(cq.flavors[0].nominal == 64 && cq.flavors[0].usage == 8 && !cq.flavors[0].isGPU)
        #expect(cq.flavors[1].nominal == 8 && cq.flavors[1].borrowingLimit == 4 && cq.flavors[1].lendingLimit == 2)
        #expect(cq.flavors[1].usage == 4 && cq.flavors[1].borrowed == 0 && cq.flavors[1].isGPU)
        #expect(cq.flavors[3].nominal == 4 && cq.flavors[3].borrowingLimit == nil && cq.flavors[3].usage == 0)
        let cohort = queues[1]
        #expect(cohort.kind == .cohort)
        #expect(cohort.parent == "org")
        #expect(cohort.fairWeight == 2)
        #expect(cohort.nominalGPUs == nil && cohort.usedGPUs == nil && cohort.pendingActive == nil)
    }

    @Test("Workloads: admitted runs on its admission's GPUs, inadmissible and quota-waiting ones pend with reasons")
    func listWorkloads() throws {
        let jobs = try #require(try snapshot(KueueFixtures.list).jobs)
        #expect(jobs.map(\.id) == ["team-a/job-train-1-abcde", "team-a/job-train-2-fghij", "team-a/job-eval-3-klmno",
                                   "team-b/job-old-4-pqrst"])
        let running = jobs[0]
        #expect(running.name == "train-1")  // the owner Job's name
        #expect(running.account == "team-a")
        #expect(running.queue == "team-a-cq")
        #expect(running.qos == "high")
        #expect(running.priority == 1000)
        #expect(running.state == .running)
        #expect(running.gpus == 4)
        #expect(running.reason == "")
        #expect(running.submittedAt == 1_714_557_600)
        #expect(running.startedAt == 1_714_557_607)

        let inadmissible = jobs[1]
        #expect(inadmissible.state == .pending)
        #expect(inadmissible.name == "job-train-2-fghij")
        #expect(inadmissible.queue == "team-a-cq")  // through LocalQueue team-a/team-a
        #expect(inadmissible.reason == "Inadmissible: ClusterQueue team-a-cq is inactive")
        #expect(inadmissible.gpus == 8)  // given only as a limit: requested at the limit
        #expect(inadmissible.qos == "" && inadmissible.priority == nil)
        #expect(inadmissible.submittedAt == 1_714_557_900 && inadmissible.startedAt == nil)

        let waiting = jobs[2]
        #expect(waiting.state == .pending)
        #expect(waiting.qos == "low")  // v1beta2 priorityClassRef
        #expect(waiting.priority == 10)
        #expect(waiting.gpus == 6)  // workers: 3 pods × (1 amd.com/gpu + 1 nvidia.com/gpu); the init container needs less
        #expect(waiting.reason.hasPrefix("Pending: couldn't assign flavors to pod set workers: insufficient unused quota"))
        #expect(!waiting.reason.contains("Inadmissible"))

        let failed = jobs[3]
        #expect(failed.state == .failed)
        #expect(failed.queue == "team-b-cq")
        #expect(failed.gpus == 1)
        #expect(failed.reason == "Failed: Job has reached the specified backoff limit")
        #expect(failed.startedAt == 1_714_550_460 && failed.endedAt == 1_714_554_000)
    }

    @Test("a Workload whose LocalQueue is not listed keeps the LocalQueue name; priority from its class")
    func unknownLocalQueue() throws {
        let yaml = """
        apiVersion: kueue.x-k8s.io/v1beta1
        kind: WorkloadPriorityClass
        metadata: {name: urgent}
        value: 5000
        ---
        apiVersion: kueue.x-k8s.io/v1beta1
        kind: Workload
        metadata: {name: wl, namespace: ml, creationTimestamp: "2024-02-29T23:59:59.25Z"}
        spec:
          queueName: ml-queue
          priorityClassName: urgent
          active: false
          podSets:
          - name: main
            template: {spec: {containers: [{name: c, resources: {requests: {nvidia.com/gpu: 2}}}]}}
        """
        let s = try snapshot(yaml)
        let job = try #require(s.jobs?.first)
        #expect(job.queue == "ml-queue")
        #expect(job.priority == 5000)
        #expect(job.gpus == 2)  // count defaults to 1
        #expect(job.reason == "Held: deactivated (spec.active is false)")
        #expect(job.submittedAt == 1_709_251_199.25)
        #expect(s.queues == nil && s.localQueues == nil)
    }

    @Test("v1beta1 spec.cohort and v1beta2 spec.cohortName; Cohorts nest through parentName or parent")
    func cohortVersions() throws {
        let yaml = """
        apiVersion: kueue.x-k8s.io/v1beta1
        kind: ClusterQueue
        metadata: {name: old}
        spec: {cohort: pool-a}
        ---
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: ClusterQueue
        metadata: {name: new}
        spec: {cohortName: pool-b}
        ---
        apiVersion: kueue.x-k8s.io/v1alpha1
        kind: Cohort
        metadata: {name: pool-a}
        spec: {parent: root}
        ---
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: Cohort
        metadata: {name: pool-b}
        spec:
          parentName: root
          resourceGroups:
          - coveredResources: [nvidia.com/gpu]
            flavors: [{name: h200, resources: [{name: nvidia.com/gpu, nominalQuota: "16", lendingLimit: 8}]}]
        ---
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: Cohort
        metadata: {name: root}
        """
        let queues = try #require(try snapshot(yaml).queues)
        let parents = Dictionary(uniqueKeysWithValues: queues.map { ($0.name, $0.parent ?? "-") })
        #expect(parents == ["old": "pool-a", "new": "pool-b", "pool-a": "root", "pool-b": "root", "root": "-"])
        #expect(queues.filter { $0.kind == .cohort }.count == 3)
        let poolB = try #require(queues.first { $0.name == "pool-b" })
        #expect(poolB.nominalGPUs == 16 && poolB.lendingLimitGPUs == 8 && poolB.borrowingLimitGPUs == nil)
    }

    @Test("a pending-workloads summary gives positions; merged into the jobs of the same input or update")
    func positions() throws {
        let alone = try snapshot(KueueFixtures.pendingSummary)
        #expect(alone.queuePositions == ["team-a/job-eval-3-klmno": 0, "team-a/job-train-2-fghij": 1])
        #expect(alone.jobs == nil)

        // A command may print the listing and the summary one after the other.
        let both = try snapshot(KueueFixtures.list + "\n" + KueueFixtures.pendingSummary)
        let jobs = try #require(both.jobs)
        #expect(jobs.map(\.queuePosition) == [nil, 1, 0, nil])

        var update = SchedulerUpdate(at: 0)
        update.add(.success(try snapshot(KueueFixtures.list)), from: "list")
        update.add(.success(alone), from: "summary")
        update.applyQueuePositions()
        #expect(update.snapshots[0].jobs?.map(\.queuePosition) == [nil, 1, 0, nil])
    }

    @Test("a typed list from the API (WorkloadList) gives its items their kind; an empty List is a valid listing")
    func typedAndEmptyLists() throws {
        let typed = try snapshot(#"""
        {"apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ClusterQueueList", "metadata": {},
         "items": [{"metadata": {"name": "cq"}, "spec": {"resourceGroups": [{"flavors": [{"name": "f",
           "resources": [{"name": "nvidia.com/gpu", "nominalQuota": "2k"}]}]}]}}]}
        """#)
        #expect(typed.queues?.map(\.name) == ["cq"])
        #expect(typed.queues?.first?.nominalGPUs == 2000)
        let empty = try snapshot(#"{"apiVersion": "v1", "kind": "List", "items": []}"#)
        #expect(empty.jobs == [])  // every workload of this source has left
        #expect(empty.queues == nil)
    }
}
