import FleetCore

/// Slurm accounting limits: `/slurmdb/vX/associations` and `/slurmdb/vX/qos` (also `sacctmgr -P show …`).
enum SlurmLimitsReader {
    /// GPUs in a TRES list `[{"type": "gres", "name": "gpu", "count": 4}]` (typed entries summed if no plain one).
    static func gpus(in list: [JSONValue]) -> Int? {
        var plain: Int?, typed = 0
        for item in list where item["type"]?.string == "gres" {
            guard let name = item["name"]?.string, name == "gpu" || name.hasPrefix("gpu:"), let n = item["count"]?.number else { continue }
            if name == "gpu" { plain = SlurmTRES.count(n) } else { typed += SlurmTRES.count(n) }
        }
        return plain ?? (typed > 0 ? typed : nil)
    }

    /// Association GPU limits (GrpTRES, MaxTRESPerJob) and fair-share shares.
    static func associations(_ list: [JSONValue]) -> [SchedulerLimit] {
        list.compactMap { a in
            guard let account = a["account"]?.string, !account.isEmpty else { return nil }
            let max = a["max"]
            return SchedulerLimit(
                kind: .association, name: FeedText.clean(account), user: FeedText.clean(a["user"]?.string ?? ""),
                parent: a["parent_account"]?.string.map(FeedText.clean),
                groupGPUs: gpus(in: max?["tres", "group", "active"]?.array ?? []) ?? gpus(in: max?["tres", "total"]?.array ?? []),
                perUserGPUs: nil, perJobGPUs: gpus(in: max?["tres", "per", "job"]?.array ?? []),
                priority: a["shares_raw"]?.number)
        }
    }

    /// QOS priorities and GPU limits (GrpTRES, MaxTRESPerUser, MaxTRESPerJob).
    static func qos(_ list: [JSONValue]) -> [SchedulerLimit] {
        list.compactMap { q in
            guard let name = q["name"]?.string, !name.isEmpty else { return nil }
            let max = q["limits", "max"]
            return SchedulerLimit(
                kind: .qos, name: FeedText.clean(name), user: "", parent: nil,
                groupGPUs: gpus(in: max?["tres", "total"]?.array ?? []),
                perUserGPUs: gpus(in: max?["tres", "per", "user"]?.array ?? []),
                perJobGPUs: gpus(in: max?["tres", "per", "job"]?.array ?? []), priority: q["priority"]?.number)
        }
    }
}
