/// The fields of the live jobs that KPIs and the jobs list count and order by, as flat arrays by job slot: kept by
/// the reducer as jobs arrive, start, change priority and end, so that a pass over 50,000 jobs reads plain numbers
/// instead of optional `Job` values.
public struct JobColumns: Codable, Sendable, Hashable {
    /// The job's state; nil for a free slot.
    public private(set) var state: [JobState?] = []
    /// Priority class index, -1 when unknown.
    public private(set) var priorityClass: [Int32] = []
    public private(set) var submittedAt: [Double] = []
    /// GPUs asked for.
    public private(set) var gpus: [Int32] = []
    /// The scheduler's priority number, 0 when it reports none.
    public private(set) var schedulerPriority: [Double] = []

    /// Number of slots (free ones included).
    public var count: Int { state.count }

    /// The columns of `s`'s job slots: what the reducer's must always equal.
    public static func count(_ s: FleetState) -> JobColumns {
        var columns = JobColumns()
        for slot in s.jobSlots.indices { columns.set(slot, from: s.jobSlots) }
        return columns
    }

    /// Slot `slot` now holds `jobs[slot]` (nil or past the end: free). The fields are read in place: copying a
    /// whole `Job` retains its strings and arrays, and this runs on every job event.
    mutating func set(_ slot: Int, from jobs: [Job?]) {
        guard slot >= 0 else { return }
        while state.count <= slot {
            state.append(nil)
            priorityClass.append(-1)
            submittedAt.append(0)
            gpus.append(0)
            schedulerPriority.append(0)
        }
        guard slot < jobs.count, let jobState = jobs[slot]?.state else {
            state[slot] = nil
            priorityClass[slot] = -1
            submittedAt[slot] = 0
            gpus[slot] = 0
            schedulerPriority[slot] = 0
            return
        }
        state[slot] = jobState
        priorityClass[slot] = jobs[slot]?.priorityClass ?? -1
        submittedAt[slot] = jobs[slot]?.submittedAt ?? 0
        gpus[slot] = Int32(clamping: jobs[slot]?.gpus ?? 0)
        schedulerPriority[slot] = jobs[slot]?.scheduler?.priority ?? 0
    }
}

extension FleetState {
    /// Copies slot `slot`'s job into `jobColumns` after it changed; a state without the columns yet (one restored from
    /// an older snapshot) takes them all from the slots instead.
    mutating func noteJobColumns(_ slot: Int) {
        // Moved out (no second reference, no retain of its arrays) while it is changed in place.
        guard var columns = jobColumns.take() else {
            jobColumns = .count(self)
            return
        }
        columns.set(slot, from: jobSlots)
        jobColumns = columns
    }
}
