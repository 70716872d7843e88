import FleetCore
import Foundation

/// Parses Kueue objects into a scheduler snapshot of kind `kueue`: the output of `kubectl get clusterqueues,
/// localqueues,workloads,cohorts,resourceflavors,workloadpriorityclasses -A -o json` (a `List`), a single object,
/// YAML manifests (several `---` documents), and the visibility API's `PendingWorkloadsSummary` (queue positions).
///
/// One bad object is reported (index, kind, line, the missing field) and skipped; the rest is used. Jobs that Kueue
/// manages (a batch Job or JobSet labelled `kueue.x-k8s.io/queue-name`: their Workloads carry the state) and kinds
/// that carry nothing here are skipped and counted. An input that is neither JSON nor YAML, holds no Kubernetes
/// object, or only objects of other schedulers (Volcano, KAI) fails with a line number.
///
/// A listing (`List`) always yields `jobs`, empty when it has no Workloads, so that finished workloads leave;
/// `queues` and `localQueues` are set when the input has any.
public enum KueueObjects {
    /// Upper bound on problems kept per input; the rest are only counted.
    static let problemLimit = 50

    /// The snapshot in `data`, or why there is none.
    public static func parse(_ data: Data) -> Result<SchedulerSnapshot, SchedulerParseError> {
        let documents: [KubeValue]
        switch KubeDocuments.read(data) {
        case .failure(let error): return .failure(error)
        case .success(let read): documents = read
        }
        let inventory = KubeInventory(documents)
        guard inventory.sawList || !inventory.objects.isEmpty || inventory.positions != nil else {
            return .failure(SchedulerParseError(line: inventory.firstNonObjectLine ?? 1,
                                                message: "no Kubernetes objects (kind, metadata) in this document"))
        }
        let related = inventory.objects.contains { $0.isKueue || $0.isKueueManaged }
        if !related, inventory.positions == nil, let first = inventory.objects.first {
            let kinds = Set(inventory.objects.map { "\($0.kind) (\($0.apiVersion ?? "no apiVersion"))" }).sorted()
            return .failure(SchedulerParseError(line: first.value.line ?? 1,
                                                message: "not a Kueue object: \(kinds.joined(separator: ", "))"))
        }
        var builder = KueueSnapshotBuilder()
        return .success(builder.build(inventory))
    }
}

extension SchedulerUpdate {
    /// Puts the queue positions that any snapshot of this update carries (a `PendingWorkloadsSummary`) on the
    /// pending jobs of every snapshot.
    public mutating func applyQueuePositions() {
        var positions: [String: Int] = [:]
        for snapshot in snapshots { positions.merge(snapshot.queuePositions ?? [:]) { _, new in new } }
        guard !positions.isEmpty else { return }
        for s in snapshots.indices {
            guard var jobs = snapshots[s].jobs else { continue }
            for j in jobs.indices where jobs[j].state == .pending {
                if let p = positions[jobs[j].id] { jobs[j].queuePosition = p }
            }
            snapshots[s].jobs = jobs
        }
    }
}

/// Maps the objects of one input, in dependency order: priority classes and LocalQueues, then queues, then workloads.
private struct KueueSnapshotBuilder {
    private var snapshot = SchedulerSnapshot(kind: "kueue")
    private var problemCount = 0

    private mutating func note(_ text: String) {
        problemCount += 1
        if snapshot.problems.count < KueueObjects.problemLimit { snapshot.problems.append(FeedText.clean(text)) }
    }

    mutating func build(_ inventory: KubeInventory) -> SchedulerSnapshot {
        for problem in inventory.problems { note(problem) }
        var byKind: [String: [KubeObject]] = [:]
        for object in inventory.objects {
            if object.isKueue { byKind[object.kind, default: []].append(object) } else { snapshot.skippedObjects += 1 }
        }
        let used: Set<String> = ["WorkloadPriorityClass", "LocalQueue", QueueKind.cohort.rawValue, QueueKind.clusterQueue.rawValue, "Workload"]
        for (kind, objects) in byKind where !used.contains(kind) { snapshot.skippedObjects += objects.count }

        var priorityClasses: [String: Double] = [:]
        for object in byKind["WorkloadPriorityClass"] ?? [] {
            let read = mapped(object) { o throws(KueueMappingError) in try KueueQueueReader.priorityClass(o) }
            if let read { priorityClasses[read.name] = read.value }
        }
        var localQueues: [String: String] = [:]
        for object in byKind["LocalQueue"] ?? [] {
            let read = mapped(object) { o throws(KueueMappingError) in try KueueQueueReader.localQueue(o) }
            if let read { localQueues[read.key] = read.clusterQueue }
        }
        var read: [SchedulerQueue] = []  // in input order, Cohorts and ClusterQueues as given
        for object in inventory.objects where object.isKueue {
            guard let kind = SchedulerQueue.Kind(rawValue: object.kind) else { continue }
            let queue = mappedNoting(object) { o, note throws(KueueMappingError) in
                try KueueQueueReader.queue(o, kind: kind, note: note)
            }
            if let queue { read.append(queue) }
        }
        var queues = latest(read) { "\($0.kind.rawValue)/\($0.name)" }
        var jobs = latest((byKind["Workload"] ?? []).compactMap { object in
            mappedNoting(object) { o, note throws(KueueMappingError) in
                try KueueWorkloadReader.job(o, localQueues: localQueues, priorityClasses: priorityClasses, note: note)
            }
        }, key: \.id)

        if let positions = inventory.positions {
            snapshot.queuePositions = positions
            for j in jobs.indices where jobs[j].state == .pending { jobs[j].queuePosition = positions[jobs[j].id] }
        }
        if byKind["Workload"] != nil { countPending(jobs, into: &queues) }
        if inventory.sawList || byKind["Workload"] != nil { snapshot.jobs = jobs }
        if !queues.isEmpty || byKind[QueueKind.cohort.rawValue] != nil || byKind[QueueKind.clusterQueue.rawValue] != nil { snapshot.queues = queues }
        if byKind["LocalQueue"] != nil { snapshot.localQueues = localQueues }
        if problemCount > snapshot.problems.count {
            snapshot.problems.append("… \(problemCount - snapshot.problems.count) more")
        }
        return snapshot
    }

    /// The values in order, an object given twice (same key) keeping its first place and its last content.
    private func latest<T>(_ values: [T], key: (T) -> String) -> [T] {
        var out: [T] = []
        var index: [String: Int] = [:]
        for value in values {
            if let i = index[key(value)] { out[i] = value } else { index[key(value)] = out.count; out.append(value) }
        }
        return out
    }

    /// `mapped` for a reader that also reports fields it could not use; those are noted with the object's place.
    private mutating func mappedNoting<T>(
        _ object: KubeObject, _ read: (KubeObject, (String) -> Void) throws(KueueMappingError) -> T
    ) -> T? {
        var notes: [String] = []
        let value = mapped(object) { o throws(KueueMappingError) in try read(o) { notes.append($0) } }
        if value != nil { for n in notes { note("\(object.place): \(n)") } }
        return value
    }

    /// The result of a reader, or nil after noting why the object was skipped.
    private mutating func mapped<T>(_ object: KubeObject, _ read: (KubeObject) throws(KueueMappingError) -> T) -> T? {
        do {
            return try read(object)
        } catch {
            note("\(object.place): \(error.description); skipped")
            return nil
        }
    }

    /// Pending workloads per ClusterQueue, told apart by whether their reason says `Inadmissible`.
    private func countPending(_ jobs: [SchedulerJob], into queues: inout [SchedulerQueue]) {
        var active: [String: Int] = [:]
        var inadmissible: [String: Int] = [:]
        for job in jobs where job.state == .pending {
            if job.reason.contains("Inadmissible") {
                inadmissible[job.queue, default: 0] += 1
            } else {
                active[job.queue, default: 0] += 1
            }
        }
        for q in queues.indices where queues[q].kind == .clusterQueue {
            queues[q].pendingActive = active[queues[q].name] ?? 0
            queues[q].pendingInadmissible = inadmissible[queues[q].name] ?? 0
        }
    }
}
