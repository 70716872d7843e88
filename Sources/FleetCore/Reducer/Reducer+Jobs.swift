extension FleetState {
    mutating func submit(_ s: JobSubmission) {
        advance(to: s.submittedAt)
        // One hash for the id: the slot it will take is claimed now, and given back if the id is already live.
        let slot = freeJobSlots.last ?? Int32(jobSlots.count)
        if let live = jobSlotByID.updateValue(slot, forKey: s.id) {
            jobSlotByID[s.id] = live
            return
        }
        let team = teamIndexByName[s.team] ?? -1, asked = max(0, s.gpus)
        let job = Job(id: s.id, name: s.name, team: team, project: s.project,
                      priorityClass: classIndexByName[s.priorityClass] ?? -1, gpus: asked,
                      gpuModel: s.gpuModel, state: .pending, submittedAt: s.submittedAt, startedAt: nil, endedAt: nil,
                      gpuIndices: [], pendingReason: "", scheduler: s.scheduler)
        if freeJobSlots.popLast() != nil {
            jobSlots[Int(slot)] = job
        } else {
            jobSlots.append(job)
        }
        noteJobColumns(Int(slot))
        jobTotals.submitted += 1
        if team >= 0 {
            teamUsage[Int(team)].pendingJobs += 1
            teamUsage[Int(team)].pendingGPUs += asked
        }
    }

    mutating func start(jobID: String, at: Double, gpus indices: [Int32]) {
        advance(to: at)
        guard let slot = jobSlotByID[jobID], jobSlots[Int(slot)]?.state == .pending else { return }
        // A GPU already held by another job or outside the table is not taken; one the event lists again is taken
        // once and the repeat recorded as bad input of the feed that reports next.
        var held = indices.filter { Int($0) >= 0 && Int($0) < gpus.count && gpus.allocatedSlot[Int($0)] < 0 }
        if held.count > 1, Self.hasRepeats(held) { dropRepeatedGPUs(&held, jobID: jobID) }
        // Started in its slot, in place: taking the job out and writing it back copied it twice per start.
        guard let started = jobSlots[Int(slot)]?.start(at: at, gpus: held) else { return }
        for g in held {
            gpus.allocatedSlot[Int(g)] = slot
            gpus.idleSince[Int(g)] = .nan
        }
        let team = started.team, priorityClass = Int(started.priorityClass)
        let wait = WaitRecord(startedAt: at, waitSeconds: max(0, at - started.submittedAt))
        noteHoldings(held, team: team, delta: 1)
        noteRunningCostTaken(held, slot: Int(slot), team: team, project: started.project, startedAt: at, starting: true)
        noteJobColumns(Int(slot))
        jobTotals.started += 1
        if team >= 0 {
            let t = Int(team)
            accrue(team: t, to: at)
            teamUsage[t].pendingJobs -= 1
            teamUsage[t].pendingGPUs -= started.gpus
            teamUsage[t].allocatedGPUs += held.count
            teamUsage[t].runningJobs += 1
            teamUsage[t].costPerHour += price(of: held)
        }
        if priorityClass >= 0, priorityClass < waitRecords.count { waitRecords[priorityClass].append(wait) }
        // Scheduler queues keep their own waits; a job without one waits in its class, recorded above.
        if let queue = started.queue, !queue.isEmpty {
            if queues == nil { queues = QueueRecords() }
            queues?.recordWait(queue: queue, wait)
        }
    }

    /// Whether a GPU appears twice: pairwise for the few GPUs of most jobs (no allocation on every start).
    private static func hasRepeats(_ gpus: [Int32]) -> Bool {
        guard gpus.count <= 16 else { return Set(gpus).count != gpus.count }
        for i in 1..<gpus.count where gpus[..<i].contains(gpus[i]) { return true }
        return false
    }

    /// Removes GPUs listed more than once from `held` (keeping the first of each, in order) and notes the repeats.
    private mutating func dropRepeatedGPUs(_ held: inout [Int32], jobID: String) {
        var seen = Set<Int32>(minimumCapacity: held.count), repeats: [Int32] = []
        held.removeAll { g in
            if seen.insert(g).inserted { return false }
            repeats.append(g)
            return true
        }
        guard let first = repeats.first else { return }
        noteInputProblems(repeats.count, first: "job \(jobID) started on GPU \(first) more than once: counted once")
    }

    /// A running job takes free GPUs it was not given when it started; GPUs held by others are not taken twice.
    mutating func place(jobID: String, gpus indices: [Int32]) {
        guard let slot = jobSlotByID[jobID], var job = jobSlots[Int(slot)], job.state == .running else { return }
        var added: [Int32] = []
        for g in indices where Int(g) >= 0 && Int(g) < gpus.count && gpus.allocatedSlot[Int(g)] < 0 && added.count + job.gpuIndices.count < job.gpus {
            gpus.allocatedSlot[Int(g)] = slot
            gpus.idleSince[Int(g)] = .nan
            added.append(g)
        }
        guard !added.isEmpty else { return }
        if job.team >= 0 {
            let t = Int(job.team)
            accrue(team: t, to: now)
            teamUsage[t].allocatedGPUs += added.count
            teamUsage[t].costPerHour += price(of: added)
        }
        job.gpuIndices += added
        jobSlots[Int(slot)] = job
        noteHoldings(added, team: job.team, delta: 1)
        noteRunningCostTaken(added, slot: Int(slot), team: job.team, project: job.project, startedAt: job.startedAt, starting: false)
    }

    mutating func end(jobID: String, at: Double, outcome: JobOutcome) {
        advance(to: at)
        // Taken out of its slot and the index at once: one hash, and no copy of the job.
        guard let slot = jobSlotByID.removeValue(forKey: jobID), var job = jobSlots[Int(slot)].take() else { return }
        if job.team >= 0 {
            let t = Int(job.team)
            if job.state == .running {
                accrue(team: t, to: at)
                teamUsage[t].allocatedGPUs -= job.gpuIndices.count
                teamUsage[t].runningJobs -= 1
                teamUsage[t].costPerHour = max(0, teamUsage[t].costPerHour - price(of: job.gpuIndices))
            } else {
                teamUsage[t].pendingJobs -= 1
                teamUsage[t].pendingGPUs -= job.gpus
            }
        }
        if job.state == .running, let started = job.startedAt, at > started, !job.gpuIndices.isEmpty {
            if costLedger == nil { costLedger = CostLedger() }
            for piece in costPieces(of: job) {
                costLedger?.add(piece.key, gpus: piece.gpus, pricePerHour: piece.pricePerHour, from: started, to: at)
            }
        }
        let wasRunning = job.state == .running
        let released = job.gpuIndices.filter { gpus.allocatedSlot[Int($0)] == slot }
        for g in released {
            gpus.allocatedSlot[Int(g)] = -1
            gpus.idleSince[Int(g)] = .nan
        }
        job.state = outcome.state
        job.endedAt = at
        switch outcome {
        case .completed: jobTotals.completed += 1
        case .failed: jobTotals.failed += 1
        case .preempted: jobTotals.preempted += 1
        case .cancelled: jobTotals.cancelled += 1
        }
        freeJobSlots.append(slot)
        noteHoldings(released, team: job.team, delta: -1)
        if wasRunning { noteRunningCostReleased(slot: Int(slot), of: job) }
        noteJobColumns(Int(slot))
        finishedJobs.append(job)
        if finishedJobs.count > Self.finishedJobLimit * 2 {
            finishedJobs.removeFirst(finishedJobs.count - Self.finishedJobLimit)
        }
    }

    /// The most recent finished jobs, newest last, at most `finishedJobLimit`.
    public var recentFinishedJobs: ArraySlice<Job> { finishedJobs.suffix(Self.finishedJobLimit) }
}
