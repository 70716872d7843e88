/// Maps Kueue ClusterQueues, Cohorts, LocalQueues and WorkloadPriorityClasses.
enum KueueQueueReader {
    /// A ClusterQueue or Cohort: parent, quota per flavor, usage, workload counts, fair sharing. Fields that do not
    /// parse are reported through `note` (with their path) and left unset.
    static func queue(_ object: KubeObject, kind: SchedulerQueue.Kind,
                      note: (String) -> Void) throws(KueueMappingError) -> SchedulerQueue {
        guard let name = object.name else { throw .missing("metadata.name") }
        var queue = SchedulerQueue(name: name, kind: kind)
        let spec = object.value["spec"]
        let status = object.value["status"]
        switch kind {
        case .clusterQueue: queue.parent = spec?["cohortName"]?.text ?? spec?["cohort"]?.text
        case .cohort: queue.parent = spec?["parentName"]?.text ?? spec?["parent"]?.text
        }
        queue.flavors = quotas(spec, note: note)
        // flavorsUsage counts admitted workloads; flavorsReservation also those still waiting for admission checks.
        let usage = status?["flavorsUsage"].flatMap { $0.isList ? $0 : nil } ?? status?["flavorsReservation"]
        var sawGPUUsage = false
        for (f, flavor) in (usage?.elements ?? []).enumerated() {
            guard let flavorName = flavor["name"]?.text else { note("status usage[\(f)]: missing name"); continue }
            for resource in flavor["resources"]?.elements ?? [] {
                guard let resourceName = resource["name"]?.text else { continue }
                let path = "status usage \(flavorName)/\(resourceName)"
                let index: Int
                if let known = queue.flavors.firstIndex(where: { $0.flavor == flavorName && $0.resource == resourceName }) {
                    index = known
                } else {
                    queue.flavors.append(FlavorQuota(flavor: flavorName, resource: resourceName))
                    index = queue.flavors.count - 1
                }
                queue.flavors[index].usage = quantity(resource["total"], path + " total", note) ?? 0
                queue.flavors[index].borrowed = quantity(resource["borrowed"], path + " borrowed", note)
                sawGPUUsage = sawGPUUsage || queue.flavors[index].isGPU
            }
        }
        let gpu = queue.flavors.filter(\.isGPU)
        queue.nominalGPUs = sum(gpu.map(\.nominal))
        queue.borrowingLimitGPUs = sum(gpu.map(\.borrowingLimit))
        queue.lendingLimitGPUs = sum(gpu.map(\.lendingLimit))
        if usage?.isList == true, sawGPUUsage || queue.nominalGPUs != nil { queue.usedGPUs = sum(gpu.map(\.usage)) ?? 0 }
        queue.pendingActive = count(status?["pendingWorkloads"])
            ?? status?.at("pendingWorkloadsStatus", "clusterQueuePendingWorkload").map { $0.elements.count }
        queue.admitted = count(status?["admittedWorkloads"])
        queue.reserving = count(status?["reservingWorkloads"])
        queue.fairWeight = quantity(spec?.at("fairSharing", "weight"), "spec.fairSharing.weight", note)
        queue.weightedShare = status?.at("fairSharing", "weightedShare")?.number
        return queue
    }

    /// The quotas of `spec.resourceGroups[].flavors[].resources[]`, in order.
    private static func quotas(_ spec: KubeValue?, note: (String) -> Void) -> [FlavorQuota] {
        var out: [FlavorQuota] = []
        for (g, group) in (spec?["resourceGroups"]?.elements ?? []).enumerated() {
            for (f, flavor) in (group["flavors"]?.elements ?? []).enumerated() {
                let flavorPath = "spec.resourceGroups[\(g)].flavors[\(f)]"
                guard let flavorName = flavor["name"]?.text else { note("\(flavorPath): missing name"); continue }
                for (r, resource) in (flavor["resources"]?.elements ?? []).enumerated() {
                    let path = "\(flavorPath).resources[\(r)]"
                    guard let resourceName = resource["name"]?.text else { note("\(path): missing name"); continue }
                    var quota = FlavorQuota(flavor: flavorName, resource: resourceName)
                    quota.nominal = quantity(resource["nominalQuota"], path + ".nominalQuota", note)
                    quota.borrowingLimit = quantity(resource["borrowingLimit"], path + ".borrowingLimit", note)
                    quota.lendingLimit = quantity(resource["lendingLimit"], path + ".lendingLimit", note)
                    out.append(quota)
                }
            }
        }
        return out
    }

    /// A LocalQueue's `namespace/name` and the ClusterQueue it feeds.
    static func localQueue(_ object: KubeObject) throws(KueueMappingError) -> (key: String, clusterQueue: String) {
        guard let name = object.name else { throw .missing("metadata.name") }
        guard let clusterQueue = object.value.at("spec", "clusterQueue")?.text else { throw .missing("spec.clusterQueue") }
        return ("\(object.namespace)/\(name)", clusterQueue)
    }

    /// A WorkloadPriorityClass's name and value.
    static func priorityClass(_ object: KubeObject) throws(KueueMappingError) -> (name: String, value: Double) {
        guard let name = object.name else { throw .missing("metadata.name") }
        guard let text = object.value["value"]?.text else { throw .missing("value") }
        guard let value = Double(text), value.isFinite else { throw KueueMappingError("value '\(text)' is not a number") }
        return (name, value)
    }

    /// A Kubernetes quantity, nil when absent; one that does not parse is noted and nil.
    static func quantity(_ value: KubeValue?, _ path: String, _ note: (String) -> Void) -> Double? {
        guard let value, case .scalar = value else { return nil }
        guard let text = value.text else { return nil }
        guard let parsed = KubeQuantity.parse(text) else {
            note("\(path): '\(text)' is not a quantity")
            return nil
        }
        return parsed
    }

    /// A non-negative count, nil when absent or not a count.
    static func count(_ value: KubeValue?) -> Int? {
        guard let n = value?.number, n >= 0, n < 1e12 else { return nil }
        return Int(n)
    }

    /// The sum of the values that are set; nil when none is.
    private static func sum(_ values: [Double?]) -> Double? {
        let set = values.compactMap { $0 }
        return set.isEmpty ? nil : set.reduce(0, +)
    }
}
