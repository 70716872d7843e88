import FleetCore
import Foundation

/// The Alibaba GPU cluster trace v2023 (`openb_pod_list_*.csv` with `openb_node_list_gpu_node.csv`).
///
/// Pods: `name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time`
/// (seconds from the trace start). Creation submits, scheduling starts and deletion ends a pod. The trace has no
/// teams: every pod belongs to the team `openb`. QoS maps to priority classes as documented in the README:
/// LS → prod-inference, Guaranteed → retrain, Burstable → training, BE → best-effort.
public enum AlibabaTrace {
    /// The documented QoS → priority class mapping.
    public static let classOfQoS = ["LS": "prod-inference", "Guaranteed": "retrain", "Burstable": "training", "BE": "best-effort"]
    static let podHeader = ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec", "qos", "pod_phase",
                            "creation_time", "deletion_time", "scheduled_time"]

    /// The trace in the pod list, with nodes from the node list when given.
    public static func parse(pods: String, nodes: String?, name: String) -> Result<ReplayTrace, SchedulerParseError> {
        var lines = pods.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard let header = lines.popFirst().map(csvFields)?.map(String.init), header.starts(with: podHeader.prefix(8)) else {
            return .failure(SchedulerParseError(line: 1, message: "not an Alibaba v2023 pod list: header should be \(podHeader.joined(separator: ","))"))
        }
        let column = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var trace = ReplayTrace(name: name, nodes: [], jobs: [])
        for (offset, line) in lines.enumerated() where !line.isEmpty {
            let f = csvFields(line)
            func field(_ n: String) -> Substring? { column[n].flatMap { $0 < f.count ? f[$0] : nil } }
            let lineNumber = offset + 2
            guard let id = field("name"), !id.isEmpty, let gpus = field("num_gpu").flatMap({ Int($0) }),
                  let created = ReplayTrace.seconds(field("creation_time").flatMap({ Double($0) })) else {
                trace.problems.append("line \(lineNumber): missing name, num_gpu or creation_time")
                continue
            }
            guard gpus <= InputLimits.maxGPUsPerJob else {
                trace.problems.append("line \(lineNumber): \(gpus) GPUs; a pod may have at most \(InputLimits.maxGPUsPerJob)")
                continue
            }
            let phase = field("pod_phase").map(String.init) ?? ""
            let scheduled = ReplayTrace.seconds(field("scheduled_time").flatMap { Double($0) })
            let deleted = ReplayTrace.seconds(field("deletion_time").flatMap { Double($0) })
            let milli = field("gpu_milli").flatMap { Int($0) } ?? 1000
            let started = phase == "Pending" ? nil : scheduled
            let outcome: JobOutcome = switch phase {
            case "Failed": .failed
            case "Pending": .cancelled
            default: .completed
            }
            let qos = field("qos").map(String.init) ?? ""
            var job = ReplayTrace.Job(
                id: FeedText.clean(String(id)), team: "openb", priorityClass: classOfQoS[qos] ?? qos,
                gpus: max(0, gpus), gpuMilli: gpus > 0 ? min(1000, max(1, milli)) : 0,
                models: (field("gpu_spec") ?? "").split(separator: "|").map { FeedText.clean(String($0)) },
                submit: created, start: started.map { max($0, created) }, end: deleted.map { max($0, started ?? created) },
                outcome: outcome)
            job.qos = FeedText.clean(qos)
            trace.jobs.append(job)
        }
        if let nodes {
            var nodeLines = nodes.split(separator: "\n")[...]
            let nodeHeader = nodeLines.popFirst().map(csvFields)?.map(String.init) ?? []
            guard let sn = nodeHeader.firstIndex(of: "sn"), let gpu = nodeHeader.firstIndex(of: "gpu"),
                  let model = nodeHeader.firstIndex(of: "model") else {
                return .failure(SchedulerParseError(line: 1, message: "node list header needs sn, gpu and model"))
            }
            for (offset, line) in nodeLines.enumerated() {
                let f = csvFields(line)
                guard f.count > max(sn, gpu, model), let count = Int(f[gpu]), count >= 0 else {
                    trace.problems.append("node list line \(offset + 2): unreadable")
                    continue
                }
                guard count <= InputLimits.maxGPUsPerNode else {
                    trace.problems.append("node list line \(offset + 2): \(count) GPUs; a node may have at most \(InputLimits.maxGPUsPerNode)")
                    continue
                }
                trace.nodes.append(.init(name: FeedText.clean(String(f[sn])), gpus: count, model: FeedText.clean(String(f[model]))))
            }
        }
        if trace.jobs.isEmpty { return .failure(SchedulerParseError(line: 2, message: "no pods in the trace")) }
        return trace.checkedSize()
    }
}
