import FleetCore

/// Maps a Kueue Workload to a `SchedulerJob`.
enum KueueWorkloadReader {
    /// The job of a Workload: `namespace/name`, its owner job's name, the ClusterQueue it is admitted to or waits
    /// in (through its LocalQueue), priority, GPUs, state and why it waits.
    static func job(_ object: KubeObject, localQueues: [String: String], priorityClasses: [String: Double],
                    note: (String) -> Void) throws(KueueMappingError) -> SchedulerJob {
        guard let name = object.name else { throw .missing("metadata.name") }
        let namespace = object.namespace
        let value = object.value
        let spec = value["spec"]
        let status = value["status"]
        var job = SchedulerJob(id: "\(namespace)/\(name)")
        let owners = value.at("metadata", "ownerReferences")?.elements ?? []
        let owner = owners.first { $0["controller"]?.bool == true } ?? owners.first
        job.name = owner?["name"]?.text ?? name
        job.account = namespace
        job.qos = spec?["priorityClassName"]?.text ?? spec?.at("priorityClassRef", "name")?.text ?? ""
        job.priority = spec?["priority"]?.number ?? (job.qos.isEmpty ? nil : priorityClasses[job.qos])
        let localQueue = spec?["queueName"]?.text
        job.queue = status?.at("admission", "clusterQueue")?.text
            ?? localQueue.flatMap { localQueues["\(namespace)/\($0)"] } ?? localQueue ?? ""
        job.submittedAt = value.at("metadata", "creationTimestamp")?.text.flatMap(KubeTime.parse)

        var conditions: [String: KubeValue] = [:]
        for condition in status?["conditions"]?.elements ?? [] {
            if let type = condition["type"]?.text { conditions[type] = condition }
        }
        func isTrue(_ type: String) -> Bool { conditions[type]?["status"]?.text == "True" }
        func time(_ type: String) -> Double? { conditions[type]?["lastTransitionTime"]?.text.flatMap(KubeTime.parse) }

        if isTrue("Finished") {
            let finished = conditions["Finished"]
            let words = [finished?["reason"]?.text, finished?["message"]?.text].compactMap { $0 }.joined(separator: " ")
            job.state = words.lowercased().contains("fail") ? .failed : .completed
            job.reason = text(of: finished)
            job.startedAt = time("Admitted")
            job.endedAt = time("Finished")
        } else if isTrue("Admitted") {
            job.state = .running
            job.startedAt = time("Admitted")
        } else {
            job.state = .pending
            job.reason = pendingReason(conditions, active: spec?["active"]?.bool)
        }
        job.gpus = gpus(spec: spec, status: status, admitted: job.state != .pending, note: note)
        return job
    }

    /// Why a workload waits: the QuotaReserved=False condition, else Admitted=False (waiting for admission checks).
    /// Kueue's `Inadmissible` (its LocalQueue or ClusterQueue is missing or inactive) reads `Inadmissible: …`.
    static func pendingReason(_ conditions: [String: KubeValue], active: Bool?) -> String {
        if active == false { return "Held: deactivated (spec.active is false)" }
        let waiting = ["QuotaReserved", "Admitted"].compactMap { conditions[$0] }.filter { $0["status"]?.text == "False" }
        return text(of: waiting.first)
    }

    /// `Reason: message` of a condition; `Inadmissible: message` for Kueue's inadmissible reason.
    private static func text(of condition: KubeValue?) -> String {
        let reason = condition?["reason"]?.text
        let message = condition?["message"]?.text
        let inadmissible = reason?.lowercased().contains("inadmissible") == true
        let lead = inadmissible ? "Inadmissible" : reason
        return FeedText.clean([lead, message].compactMap { $0 }.joined(separator: ": "))
    }

    /// GPUs of the workload: what its admission assigned, else what its pod sets request (count × per pod).
    private static func gpus(spec: KubeValue?, status: KubeValue?, admitted: Bool, note: (String) -> Void) -> Int {
        var total = 0.0
        let assignments = status?.at("admission", "podSetAssignments")?.elements ?? []
        if admitted, assignments.contains(where: { $0["resourceUsage"] != nil }) {
            for assignment in assignments {
                total += gpuSum(assignment["resourceUsage"], path: "status.admission resourceUsage", note)
            }
        } else {
            for (i, podSet) in (spec?["podSets"]?.elements ?? []).enumerated() {
                let count = KueueQueueReader.count(podSet["count"]) ?? 1
                total += Double(count) * perPod(podSet.at("template", "spec"), path: "spec.podSets[\(i)]", note)
            }
        }
        guard total.isFinite, total > 0 else { return 0 }
        guard total <= Double(InputLimits.maxGPUsPerJob) else {
            note("asks for more than \(InputLimits.maxGPUsPerJob) GPUs, the most a job may have; read as none")
            return 0
        }
        return Int(total.rounded())
    }

    /// GPUs one pod needs: its containers together, or its largest init container if that is more.
    private static func perPod(_ pod: KubeValue?, path: String, _ note: (String) -> Void) -> Double {
        let containers = (pod?["containers"]?.elements ?? []).map { gpuOfContainer($0, path: path, note) }
        let initContainers = (pod?["initContainers"]?.elements ?? []).map { gpuOfContainer($0, path: path, note) }
        return max(containers.reduce(0, +), initContainers.max() ?? 0)
    }

    /// A container's GPU requests; an extended resource given only as a limit is requested at that limit.
    private static func gpuOfContainer(_ container: KubeValue, path: String, _ note: (String) -> Void) -> Double {
        let requests = container.at("resources", "requests")
        let limits = container.at("resources", "limits")
        var total = gpuSum(requests, path: path + " requests", note)
        for (name, limit) in limits?.pairs ?? [:] where KubeQuantity.isGPU(name) && requests?[name] == nil {
            total += KueueQueueReader.quantity(limit, "\(path) limits \(name)", note) ?? 0
        }
        return total
    }

    /// The sum of the GPU-count resources of a resource list.
    private static func gpuSum(_ resources: KubeValue?, path: String, _ note: (String) -> Void) -> Double {
        var total = 0.0
        for (name, amount) in resources?.pairs ?? [:] where KubeQuantity.isGPU(name) {
            total += KueueQueueReader.quantity(amount, "\(path) \(name)", note) ?? 0
        }
        return total
    }
}
