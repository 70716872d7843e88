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

    /// The jobs in run order as places in the state and their ids (the live ones first, `live.count` of them, in the
    /// order of `live`), as kept in the cache (a struct: casting one back from the cache is a type check, while a tuple
    /// of arrays is cast element by element).
    struct RunOrder {
        var places: [JobPlace]
        var ids: [String]
        var live: [LiveEntry]
    }

    /// The cache key of the jobs in run order.
    struct OrderKey: Hashable {
        var scope: UIState.JobScope?
    }

    /// A live job's place in the list: pending first, then run order, then id (`id` indexes its order's ids).
    struct LiveEntry {
        var pending: Bool
        var key: RunKey
        var slot: Int32
        var id: Int32
    }

    /// The jobs in the scope: live ones (pending first, in run order), then recently finished ones, newest first.
    ///
    /// Reads the fields it sorts on in place and copies no `Job`: copying 50,000 of them (strings, arrays) cost more
    /// than sorting them. `previous` (an earlier state's order) only makes it faster: the entries that did not change
    /// since keep their order where it is still in order, only the others are sorted, and the two are merged. The
    /// order is total (live ids are unique), so the result is the full sort's whatever `previous` holds.
    static func runOrder(ui: UIState, s: FleetState, previous: RunOrder? = nil) -> RunOrder {
        let ranks = s.priorityClasses.map(\.rank)
        // The reducer's flat columns: the sort fields of 50,000 jobs read as plain numbers.
        let columns = s.jobColumns ?? .count(s)
        let jobState = columns.state, jobClass = columns.priorityClass, priority = columns.schedulerPriority
        let submittedAt = columns.submittedAt
        var entries: [LiveEntry] = [], ids: [String] = []
        entries.reserveCapacity(columns.count)
        ids.reserveCapacity(columns.count)
        // Where each slot's entry is in `entries` (-1: none).
        var entryOfSlot = [Int32](repeating: -1, count: columns.count)
        for slot in 0..<min(columns.count, s.jobSlots.count) {
            guard let state = jobState[slot], let id = s.jobSlots[slot]?.id else { continue }
            if let scope = ui.jobScope, let job = s.jobSlots[slot], !inScope(job, scope, s) { continue }
            let cls = Int(jobClass[slot])
            let key = RunKey(rank: cls >= 0 && cls < ranks.count ? ranks[cls] : Int.max, negatedPriority: -priority[slot],
                             submittedAt: submittedAt[slot])
            entryOfSlot[slot] = Int32(entries.count)
            entries.append(LiveEntry(pending: state == .pending, key: key, slot: Int32(slot), id: Int32(ids.count)))
            ids.append(id)
        }
        // Immutable from here: a closure over a `var` array pays an exclusivity check on every comparison.
        let liveIDs = ids
        // Field by field, each compared once (`key != key ? key < key` compared them twice); ties go by id.
        func precedes(_ a: LiveEntry, _ b: LiveEntry) -> Bool {
            if a.pending != b.pending { return a.pending }
            if a.key.rank != b.key.rank { return a.key.rank < b.key.rank }
            if a.key.negatedPriority != b.key.negatedPriority { return a.key.negatedPriority < b.key.negatedPriority }
            if a.key.submittedAt != b.key.submittedAt { return a.key.submittedAt < b.key.submittedAt }
            return liveIDs[Int(a.id)] < liveIDs[Int(b.id)]
        }
        let live: [LiveEntry]
        if let previous {
            live = merged(entries, unchangedSince: previous, liveIDs: liveIDs, entryOfSlot: entryOfSlot, by: precedes)
        } else {
            entries.sort(by: precedes)
            live = entries
        }
        // One pass: places, ids in list order, and the entries indexing those ids (where the next state's order looks
        // them up).
        var places: [JobPlace] = [], relisted: [LiveEntry] = []
        places.reserveCapacity(live.count + s.recentFinishedJobs.count)
        relisted.reserveCapacity(live.count)
        ids = []
        ids.reserveCapacity(live.count + s.recentFinishedJobs.count)
        for e in live {
            places.append(.live(Int(e.slot)))
            relisted.append(LiveEntry(pending: e.pending, key: e.key, slot: e.slot, id: Int32(ids.count)))
            ids.append(liveIDs[Int(e.id)])
        }
        let finished = s.recentFinishedJobs
        for i in finished.indices.reversed() {
            if let scope = ui.jobScope, !inScope(finished[i], scope, s) { continue }
            places.append(.finished(i))
            ids.append(finished[i].id)
        }
        return RunOrder(places: places, ids: ids, live: relisted)
    }

    /// `entries` in order: those unchanged since `previous` in its order (where it is still in order), the others
    /// sorted and merged in.
    private static func merged(_ entries: [LiveEntry], unchangedSince previous: RunOrder, liveIDs: [String], entryOfSlot: [Int32],
                               by precedes: (LiveEntry, LiveEntry) -> Bool) -> [LiveEntry] {
        var isKept = [Bool](repeating: false, count: entries.count)
        var kept: [LiveEntry] = []
        kept.reserveCapacity(entries.count)
        for old in previous.live {
            let slot = Int(old.slot)
            guard slot >= 0, slot < entryOfSlot.count, entryOfSlot[slot] >= 0 else { continue }
            let e = Int(entryOfSlot[slot])
            // The same job with the same key, kept only in order so that the kept entries are sorted.
            guard !isKept[e], entries[e].pending == old.pending, entries[e].key == old.key,
                  Int(old.id) < previous.ids.count, liveIDs[Int(entries[e].id)] == previous.ids[Int(old.id)],
                  kept.last.map({ precedes($0, entries[e]) }) ?? true else { continue }
            kept.append(entries[e])
            isKept[e] = true
        }
        var changed = entries.indices.compactMap { isKept[$0] ? nil : entries[$0] }
        changed.sort(by: precedes)
        return merged(kept, changed, by: precedes)
    }

    /// Two lists in order, merged into one in order.
    private static func merged(_ a: [LiveEntry], _ b: [LiveEntry], by precedes: (LiveEntry, LiveEntry) -> Bool) -> [LiveEntry] {
        var out: [LiveEntry] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if precedes(b[j], a[i]) {
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
