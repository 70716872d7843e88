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
        for slot in s.jobSlots.indices { columns.set(slot, s.jobSlots[slot]) }
        return columns
    }

    /// Slot `slot` now holds `job` (nil: free).
    mutating func set(_ slot: Int, _ job: Job?) {
        guard slot >= 0 else { return }
        while state.count <= slot {
            state.append(nil)
            priorityClass.append(-1)
            submittedAt.append(0)
            gpus.append(0)
            schedulerPriority.append(0)
        }
        state[slot] = job?.state
        priorityClass[slot] = job?.priorityClass ?? -1
        submittedAt[slot] = job?.submittedAt ?? 0
        gpus[slot] = Int32(clamping: job?.gpus ?? 0)
        schedulerPriority[slot] = job?.scheduler?.priority ?? 0
    }
}

extension FleetState {
    /// Copies slot `slot`'s job into `jobColumns` after it changed; a state without the columns yet (one restored from
    /// an older snapshot) takes them all from the slots instead.
    mutating func noteJobColumns(_ slot: Int) {
        guard var columns = jobColumns else {
            jobColumns = .count(self)
            return
        }
        jobColumns = nil  // no second reference while it is changed: the arrays are updated in place
        columns.set(slot, slot < jobSlots.count ? jobSlots[slot] : nil)
        jobColumns = columns
    }
}
