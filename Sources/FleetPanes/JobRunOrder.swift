import FleetCore

extension JobsPane {
    /// Where a listed job is in the state: a live slot, or an index into the recent finished jobs.
    enum JobPlace {
        case live(Int)
        case finished(Int)

        /// The job at this place of `s`.
        func job(in s: FleetState) -> Job? {
            switch self {
            case .live(let slot): slot < s.jobSlots.count ? s.jobSlots[slot] : nil
            case .finished(let i): s.recentFinishedJobs.indices.contains(i) ? s.recentFinishedJobs[i] : nil
            }
        }
    }

    /// The jobs in run order as places in the state and their ids, and the live ones' entries (where the next state's
    /// order starts from), as kept in the cache (a struct: casting one back from the cache is a type check, while a
    /// tuple of arrays is cast element by element).
    struct RunOrder {
        var places: [JobPlace]
        var ids: [String]
        var live: [LiveEntry]
    }

    /// The cache key of the jobs in run order.
    struct OrderKey: Hashable {
        var scope: UIState.JobScope?
    }

    /// A live job's place in the list: pending first, then run order, then id.
    struct LiveEntry: Equatable {
        var pending: Bool
        var key: RunKey
        var id: String
        var slot: Int

        /// Whether this job is listed before `other`.
        func precedes(_ other: LiveEntry) -> Bool {
            if pending != other.pending { return pending }
            return key != other.key ? key < other.key : id < other.id
        }
    }

    /// The jobs in the scope: live ones (pending first, in run order), then recently finished ones, newest first.
    ///
    /// Reads the fields it sorts on in place and copies no `Job`: copying 50,000 of them (strings, arrays) cost more
    /// than sorting them. `previous` (the live entries of an earlier state's order) only makes it faster: the entries
    /// that did not change since keep their order where it is still in order, only the others are sorted, and the two
    /// are merged. The order is total (live ids are unique), so the result is the full sort's whatever `previous` holds.
    static func runOrder(ui: UIState, s: FleetState, previous: [LiveEntry] = []) -> RunOrder {
        let classes = s.priorityClasses
        var current = [LiveEntry?](repeating: nil, count: s.jobSlots.count)
        for slot in s.jobSlots.indices {
            guard let state = s.jobSlots[slot]?.state, let id = s.jobSlots[slot]?.id else { continue }
            if let scope = ui.jobScope, let job = s.jobSlots[slot], !inScope(job, scope, s) { continue }
            let cls = s.jobSlots[slot]?.priorityClass ?? -1
            let key = RunKey(rank: cls >= 0 && Int(cls) < classes.count ? classes[Int(cls)].rank : Int.max,
                             negatedPriority: -(s.jobSlots[slot]?.scheduler?.priority ?? 0),
                             submittedAt: s.jobSlots[slot]?.submittedAt ?? 0)
            current[slot] = LiveEntry(pending: state == .pending, key: key, id: id, slot: slot)
        }
        var kept: [LiveEntry] = [], isKept = [Bool](repeating: false, count: current.count)
        kept.reserveCapacity(previous.count)
        for i in previous.indices {
            let slot = previous[i].slot
            // Kept only in order, so that the kept entries are sorted whatever `previous` holds.
            guard slot >= 0, slot < current.count, !isKept[slot], current[slot] == previous[i],
                  kept.last.map({ $0.precedes(previous[i]) }) ?? true else { continue }
            kept.append(previous[i])
            isKept[slot] = true
        }
        var changed: [LiveEntry] = []
        for slot in current.indices where !isKept[slot] {
            if let entry = current[slot] { changed.append(entry) }
        }
        changed.sort { $0.precedes($1) }
        let live = merged(kept, changed)
        var places = live.map { JobPlace.live($0.slot) }, ids = live.map(\.id)
        let finished = s.recentFinishedJobs
        for i in finished.indices.reversed() {
            if let scope = ui.jobScope, !inScope(finished[i], scope, s) { continue }
            places.append(.finished(i))
            ids.append(finished[i].id)
        }
        return RunOrder(places: places, ids: ids, live: live)
    }

    /// Two lists in order, merged into one in order.
    private static func merged(_ a: [LiveEntry], _ b: [LiveEntry]) -> [LiveEntry] {
        var out: [LiveEntry] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if b[j].precedes(a[i]) {
                out.append(b[j])
                j += 1
            } else {
                out.append(a[i])
                i += 1
            }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    /// The order jobs start in: class rank, then the scheduler's own priority, then submit time, then id.
    static func runOrder(_ classes: [PriorityClass]) -> (Job, Job) -> Bool {
        { a, b in
            let ka = RunKey(a, classes), kb = RunKey(b, classes)
            return ka != kb ? ka < kb : a.id < b.id
        }
    }

    /// A job's place in the run order as plain numbers; ties go by id.
    struct RunKey: Comparable {
        var rank: Int
        var negatedPriority: Double
        var submittedAt: Double

        init(_ job: Job, _ classes: [PriorityClass]) {
            rank = job.priorityClass >= 0 && Int(job.priorityClass) < classes.count ? classes[Int(job.priorityClass)].rank : Int.max
            negatedPriority = -(job.scheduler?.priority ?? 0)
            submittedAt = job.submittedAt
        }

        init(rank: Int, negatedPriority: Double, submittedAt: Double) {
            self.rank = rank
            self.negatedPriority = negatedPriority
            self.submittedAt = submittedAt
        }

        /// By rank, then higher priority, then earlier submission.
        static func < (a: RunKey, b: RunKey) -> Bool {
            (a.rank, a.negatedPriority, a.submittedAt) < (b.rank, b.negatedPriority, b.submittedAt)
        }
    }
}
