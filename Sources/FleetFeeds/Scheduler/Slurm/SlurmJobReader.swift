import FleetCore

/// Reads one Slurm job object of any data_parser version (v0.0.37…v0.0.44) into a `SchedulerJob`.
///
/// Versions differ in names and shapes rather than meaning, so every known spelling is accepted: plain numbers or
/// `{set, infinite, number}`, `job_state` as a string or a list, squeue's flat fields or sacct's nested
/// `state`/`time`/`array`/`het`/`tres` objects.
struct SlurmJobReader {
    /// The keys read from a job object; everything else is skipped unread.
    enum Field: String, CaseIterable, Sendable {
        case jobID = "job_id", name, account, partition, qos, nodes, priority
        case userName = "user_name", user
        case jobState = "job_state", state, stateReason = "state_reason"
        case submitTime = "submit_time", startTime = "start_time", endTime = "end_time", time
        case arrayJobID = "array_job_id", arrayTaskID = "array_task_id", arrayTaskString = "array_task_string", array
        case hetJobID = "het_job_id", hetJobOffset = "het_job_offset", het
        case tresReq = "tres_req_str", tresAlloc = "tres_alloc_str", tres
        case tresPerJob = "tres_per_job", tresPerNode = "tres_per_node", gresDetail = "gres_detail"
        case nodeCount = "node_count"
    }

    private static let fields = FieldTable<Field>()

    /// What the object said, before the id and GPUs are settled.
    private struct Raw {
        var job = SchedulerJob(id: "")
        var jobID: Double?
        var arrayJobID: Double?
        var arrayTaskID: Double?
        var arrayTaskString = ""
        var hetJobID: Double?
        var hetOffset: Double?
        var states: [String] = []
        var tresAlloc = ""
        var tresReq = ""
        var tresPerJob = ""
        var tresPerNode = ""
        /// Per-node GRES as allocated (`gpu:h100:4(IDX:0-3)`): names the model when the TRES has no type.
        var gresDetail: [String] = []
        var accountingGPUs: (count: Int, model: String?)?
        var nodeCount: Double?
        var isAccounting = false
    }

    /// The jobs of one object: one, or one per task for a pending array record (`123_[1-10]`).
    /// Throws `SlurmMappingError` when the object lacks a job id or state.
    static func read(_ cursor: inout JSONCursor) throws -> (jobs: [SchedulerJob], accounting: Bool) {
        var raw = Raw()
        try cursor.beginObject()
        while let key = try cursor.nextKey() {
            guard let field = fields.field(key) else { try cursor.skipValue(); continue }
            try read(field, into: &raw, cursor: &cursor)
        }
        return (try settle(raw), raw.isAccounting)
    }

    private static func read(_ field: Field, into raw: inout Raw, cursor: inout JSONCursor) throws(JSONError) {
        switch field {
        case .jobID: raw.jobID = try cursor.readNumber()
        case .name: raw.job.name = try cursor.readString() ?? ""
        case .account: raw.job.account = try cursor.readString() ?? ""
        case .partition: raw.job.queue = try cursor.readString() ?? ""
        case .qos: raw.job.qos = try cursor.readString() ?? ""
        case .nodes: raw.job.nodes = HostList.expand(try cursor.readString() ?? "")
        case .priority: raw.job.priority = try cursor.readNumber()
        case .userName: raw.job.user = try cursor.readString() ?? ""
        case .user: if raw.job.user.isEmpty { raw.job.user = try cursor.readString() ?? "" } else { try cursor.skipValue() }
        case .jobState: raw.states = try cursor.readStrings()
        case .state:
            // sacct: {"current": [...] or "...", "reason": "..."}.
            guard cursor.peekKind() == .object else { raw.states = try cursor.readStrings(); return }
            raw.isAccounting = true
            try cursor.beginObject()
            while let key = try cursor.nextKey() {
                if JSONCursor.equals(key, "current") {
                    raw.states = try cursor.readStrings()
                } else if JSONCursor.equals(key, "reason") {
                    raw.job.reason = try cursor.readString() ?? ""
                } else {
                    try cursor.skipValue()
                }
            }
        case .stateReason: raw.job.reason = try cursor.readString() ?? ""
        case .submitTime: raw.job.submittedAt = positive(try cursor.readNumber())
        case .startTime: raw.job.startedAt = positive(try cursor.readNumber())
        case .endTime: raw.job.endedAt = positive(try cursor.readNumber())
        case .time:
            guard cursor.peekKind() == .object else { try cursor.skipValue(); return }
            try cursor.beginObject()
            while let key = try cursor.nextKey() {
                if JSONCursor.equals(key, "submission") {
                    raw.job.submittedAt = positive(try cursor.readNumber())
                } else if JSONCursor.equals(key, "start") {
                    raw.job.startedAt = positive(try cursor.readNumber())
                } else if JSONCursor.equals(key, "end") {
                    raw.job.endedAt = positive(try cursor.readNumber())
                } else {
                    try cursor.skipValue()
                }
            }
        case .arrayJobID: raw.arrayJobID = try cursor.readNumber()
        case .arrayTaskID: raw.arrayTaskID = try cursor.readNumber()
        case .arrayTaskString: raw.arrayTaskString = try cursor.readString() ?? ""
        case .array:
            guard cursor.peekKind() == .object else { try cursor.skipValue(); return }
            try cursor.beginObject()
            while let key = try cursor.nextKey() {
                if JSONCursor.equals(key, "job_id") {
                    raw.arrayJobID = try cursor.readNumber()
                } else if JSONCursor.equals(key, "task_id") {
                    raw.arrayTaskID = try cursor.readNumber()
                } else if JSONCursor.equals(key, "task") {
                    raw.arrayTaskString = try cursor.readString() ?? ""
                } else {
                    try cursor.skipValue()
                }
            }
        case .hetJobID: raw.hetJobID = try cursor.readNumber()
        case .hetJobOffset: raw.hetOffset = try cursor.readNumber()
        case .het:
            guard cursor.peekKind() == .object else { try cursor.skipValue(); return }
            try cursor.beginObject()
            while let key = try cursor.nextKey() {
                if JSONCursor.equals(key, "job_id") {
                    raw.hetJobID = try cursor.readNumber()
                } else if JSONCursor.equals(key, "job_offset") {
                    raw.hetOffset = try cursor.readNumber()
                } else {
                    try cursor.skipValue()
                }
            }
        case .tresReq: raw.tresReq = try cursor.readString() ?? ""
        case .tresAlloc: raw.tresAlloc = try cursor.readString() ?? ""
        case .tresPerJob: raw.tresPerJob = try cursor.readString() ?? ""
        case .tresPerNode: raw.tresPerNode = try cursor.readString() ?? ""
        case .gresDetail: raw.gresDetail = try cursor.peekKind() == .array ? cursor.readStrings() : [cursor.readString() ?? ""]
        case .tres: raw.accountingGPUs = try readAccountingTRES(&cursor)
        case .nodeCount: raw.nodeCount = try cursor.readNumber()
        }
    }

    /// sacct's `tres: {requested: [{type, name, count}], allocated: [...]}`: allocated GPUs, else requested.
    private static func readAccountingTRES(_ cursor: inout JSONCursor) throws(JSONError) -> (count: Int, model: String?)? {
        guard cursor.peekKind() == .object else { try cursor.skipValue(); return nil }
        var requested: (count: Int, model: String?)?
        var allocated: (count: Int, model: String?)?
        try cursor.beginObject()
        while let key = try cursor.nextKey() {
            let isAllocated = JSONCursor.equals(key, "allocated")
            guard isAllocated || JSONCursor.equals(key, "requested"), cursor.peekKind() == .array else {
                try cursor.skipValue()
                continue
            }
            var total: Int?
            var typed = 0
            var model: String?
            try cursor.beginArray()
            while try cursor.nextElement() {
                var type = "", name = ""
                var count = 0.0
                try cursor.beginObject()
                while let k = try cursor.nextKey() {
                    if JSONCursor.equals(k, "type") {
                        type = try cursor.readString() ?? ""
                    } else if JSONCursor.equals(k, "name") {
                        name = try cursor.readString() ?? ""
                    } else if JSONCursor.equals(k, "count") {
                        count = try cursor.readNumber() ?? 0
                    } else {
                        try cursor.skipValue()
                    }
                }
                guard type == "gres", name == "gpu" || name.hasPrefix("gpu:") else { continue }
                if name == "gpu" {
                    total = SlurmTRES.count(count)
                } else {
                    typed += SlurmTRES.count(count)
                    model = model ?? String(name.dropFirst(4))
                }
            }
            let found = total.map { ($0, model) } ?? (typed > 0 ? (typed, model) : nil)
            if isAllocated { allocated = found } else { requested = found }
        }
        return allocated ?? requested
    }

    /// A Unix time Slurm set (0 means unset); times past 2100 are no real time and read as unset too.
    private static func positive(_ value: Double?) -> Double? {
        guard let value, value > 0, value < 4_102_444_800 else { return nil }
        return value
    }

    /// Id, state and GPUs from what was read; a pending array record becomes one job per task.
    private static func settle(_ raw: Raw) throws -> [SchedulerJob] {
        guard let rawID = raw.jobID else { throw SlurmMappingError("job without job_id") }
        guard let jobID = slurmID(rawID), jobID > 0 else {
            throw SlurmMappingError("job_id \(rawID) is not a Slurm job id (a whole number from 1 to \(UInt32.max))")
        }
        guard let state = SchedulerJobState.slurm(raw.states) else {
            let said = raw.states.isEmpty ? "no job_state" : "job_state \(InputLimits.quote(raw.states.joined(separator: ",")))"
            throw SlurmMappingError("job \(jobID): \(said) cannot be mapped")
        }
        var job = raw.job
        job.state = state
        job.name = FeedText.clean(job.name)
        job.reason = FeedText.clean(job.reason == "None" ? "" : job.reason)
        let gpus = gpuRequest(raw, running: state == .running)
        job.gpus = gpus?.count ?? 0
        guard job.gpus <= InputLimits.maxGPUsPerJob else {
            throw SlurmMappingError("job \(jobID) asks for more than \(InputLimits.maxGPUsPerJob) GPUs, the most a job may have")
        }
        let detailModel = raw.gresDetail.lazy.compactMap { SlurmTRES.gpus(inGRES: $0)?.model }.first
        job.gpuModel = (gpus?.model ?? (gpus.map { $0.count > 0 } == true ? detailModel : nil)).map(SlurmTRES.modelName)
        if let het = raw.hetJobID.flatMap(slurmID), het > 0 {
            job.id = "\(het)+\(raw.hetOffset.flatMap(slurmID) ?? 0)"
            return [job]
        }
        if let array = raw.arrayJobID.flatMap(slurmID), array > 0 {
            // Slurm prints NO_VAL (0xfffffffe) or an unset number for the pending array record.
            if let task = raw.arrayTaskID.flatMap(slurmID), task < 4_000_000_000 {
                job.id = "\(array)_\(task)"
                return [job]
            }
            // A pending array record stands for its not-yet-started tasks.
            let tasks = HostList.taskIDs(raw.arrayTaskString)
            if !tasks.isEmpty {
                return tasks.map { task in
                    var t = job
                    t.id = "\(array)_\(task)"
                    return t
                }
            }
        }
        job.id = String(jobID)
        return [job]
    }

    /// A Slurm id (job, array task, het offset: unsigned 32-bit, whole), nil for anything else.
    private static func slurmID(_ value: Double) -> Int? {
        guard value >= 0, value <= Double(UInt32.max), value == value.rounded(.down) else { return nil }
        return Int(value)
    }

    /// GPUs held (running) or asked for, from the most specific field the version has.
    private static func gpuRequest(_ raw: Raw, running: Bool) -> (count: Int, model: String?)? {
        if let accounting = raw.accountingGPUs { return accounting }
        if running, let alloc = SlurmTRES.gpus(inTRES: raw.tresAlloc) { return alloc }
        if let req = SlurmTRES.gpus(inTRES: raw.tresReq) { return req }
        if let perJob = SlurmTRES.gpus(inGRES: raw.tresPerJob) { return perJob }
        if let perNode = SlurmTRES.gpus(inGRES: raw.tresPerNode) {
            let nodes = SlurmTRES.count(max(1, raw.nodeCount ?? 1))
            return (perNode.count * nodes, perNode.model)
        }
        return nil
    }
}

/// A Slurm object that could not be mapped.
struct SlurmMappingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
