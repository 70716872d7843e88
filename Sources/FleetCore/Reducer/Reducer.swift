extension FleetState {
    /// Applies one event. The only way state changes; unknown ids and out-of-range indices are ignored, never trapped on.
    public mutating func apply(_ event: FleetEvent) {
        version &+= 1
        switch event {
        case .fleetDefined(let spec): defineFleet(spec)
        case .orgDefined(let spec): defineOrg(spec)
        case .policyDefined(let spec): definePolicy(spec)
        case .clock(let at): advance(to: at)
        case .jobSubmitted(let submission): submit(submission)
        case .jobStarted(let id, let at, let gpus): start(jobID: id, at: at, gpus: gpus)
        case .jobEnded(let id, let at, let outcome): end(jobID: id, at: at, outcome: outcome)
        case .jobPlaced(let id, let gpus): place(jobID: id, gpus: gpus)
        case .nodeAllocation(let reports):
            for r in reports where r.node >= 0 && Int(r.node) < nodes.count { nodes[Int(r.node)].schedulerAllocatedGPUs = r.gpus }
        case .jobPendingReason(let id, let reason):
            if let slot = jobSlotByID[id] { jobSlots[Int(slot)]?.pendingReason = reason }
        case .jobPriorities(let updates):
            for u in updates {
                guard let slot = jobSlotByID[u.id] else { continue }
                jobSlots[Int(slot)]?.scheduler?.priority = u.priority
                if let factors = u.factors { jobSlots[Int(slot)]?.scheduler?.priorityFactors = factors }
                if let position = u.position { jobSlots[Int(slot)]?.scheduler?.queuePosition = position }
                noteJobColumns(Int(slot))
            }
        case .fairShare(let records): fairShare = records
        case .schedulerLimits(let limits): schedulerLimits = limits
        case .queueQuotas(let quotas): queueQuotas = quotas
        case .telemetry(let batch): record(batch)
        case .gpuOwners(let updates): setOwners(updates)
        case .migInstances(let gpu, let instances): setMIG(gpu: Int(gpu), instances)
        case .xid(let gpu, let code, let at): recordXID(gpu: Int(gpu), code: code, at: at)
        case .nodeState(let node, let state, let reason, let at): setNodeState(Int(node), state, reason: reason, at: at)
        case .feedStatus(let status): recordFeed(status)
        case let .inferenceCounters(at, counters): recordInference(at: at, counters)
        case .governance(let event):
            if governance == nil { governance = GovernanceState() }
            governance?.apply(event)
        }
    }

    /// Applies events in order.
    ///
    /// Per-minute samples (KPI and queue-depth history, one hour deep) are only taken for the last hour before the
    /// batch's last timed event: a replay of months at once would otherwise derive every KPI for every minute crossed.
    /// The history that remains is the same.
    public mutating func apply<C: BidirectionalCollection>(_ events: C) where C.Element == FleetEvent {
        // Batches are in time order: the last event that carries a time is the newest (found without a full pass).
        if let newest = events.reversed().lazy.compactMap(\.fleetTime).first {
            sampleFloorMinute = Int(saturating: (newest / 60).rounded(.down) - Double(KPIHistory.depth))
        }
        defer { sampleFloorMinute = nil }
        // By index: an iterator hands out each event as a copy (retaining its strings and arrays), a subscript lends it.
        var i = events.startIndex
        while i != events.endIndex {
            apply(events[i])
            events.formIndex(after: &i)
        }
    }

    /// Moves the fleet clock forward. Never moves it back.
    ///
    /// Per-minute work (accruing every team's cost, pruning wait records, sampling KPIs) runs only when the clock
    /// crosses a minute, so a stream of timestamped events costs O(1) each rather than O(teams).
    mutating func advance(to t: Double) {
        guard t > now else { return }
        let previousMinute = Int(saturating: (now / 60).rounded(.down))
        now = t
        let minute = Int(saturating: (t / 60).rounded(.down))
        guard minute != previousMinute else { return }
        for i in teamUsage.indices { accrue(team: i, to: t) }
        // The running cost sums measure from the month's start: a new month counts them again.
        if let sums = runningCosts, t >= UTCCalendar.nextMonthStart(after: sums.monthStart) { runningCosts = .count(self) }
        pruneWaitRecords()
        if minute / 1440 != previousMinute / 1440 { costLedger?.prune(now: t) }
        guard minute > (sampleFloorMinute ?? .min) else { return }
        sampleQueueDepths(minute: minute)
        if minute / 60 != previousMinute / 60 { sampleDemand(hour: minute / 60) }
        if policy != nil, !nodes.isEmpty {
            kpiHistory.record(FleetKPIs.derive(from: self, wallNow: nil).sample(minute: minute))
        }
    }

    /// Brings one team's month-to-date cost and GPU-hours up to `t` at its current rate, splitting at month starts.
    /// Called before the team's rate changes, and for all teams once a fleet minute.
    mutating func accrue(team i: Int, to end: Double) {
        var from = teamUsage[i].accruedUntil
        teamUsage[i].accruedUntil = max(from, end)
        if teamUsage[i].monthStart == 0 { teamUsage[i].monthStart = UTCCalendar.monthStart(containing: end) }
        if from == 0, end > 0 { teamUsage[i].countedSince = end }
        guard from > 0, end > from else { return }
        let nextMonth = UTCCalendar.nextMonthStart(after: teamUsage[i].monthStart)
        if end >= nextMonth {
            addUsage(team: i, seconds: nextMonth - from)
            teamUsage[i].monthStart = UTCCalendar.monthStart(containing: end)
            teamUsage[i].monthToDateCost = 0
            teamUsage[i].monthToDateGPUHours = 0
            from = teamUsage[i].monthStart
        }
        addUsage(team: i, seconds: end - from)
    }

    private mutating func addUsage(team i: Int, seconds: Double) {
        guard seconds > 0 else { return }
        teamUsage[i].monthToDateCost += teamUsage[i].costPerHour * seconds / 3600
        teamUsage[i].monthToDateGPUHours += Double(teamUsage[i].allocatedGPUs) * seconds / 3600
        teamUsage[i].totalCost = (teamUsage[i].totalCost ?? 0) + teamUsage[i].costPerHour * seconds / 3600
        teamUsage[i].totalGPUHours = (teamUsage[i].totalGPUHours ?? 0) + Double(teamUsage[i].allocatedGPUs) * seconds / 3600
    }

    private mutating func pruneWaitRecords() {
        guard let window = policy?.queueWaitWindowSeconds else { return }
        let cutoff = now - window
        queues?.prune(before: cutoff)
        for c in waitRecords.indices {
            guard let first = waitRecords[c].first, first.startedAt < cutoff else { continue }
            let keep = waitRecords[c].firstIndex { $0.startedAt >= cutoff } ?? waitRecords[c].count
            waitRecords[c].removeFirst(keep)
        }
    }

    /// One hour's GPU demand per pool (GPUs held there), for the whole fleet (held + asked for) and per team (held +
    /// asked for), then a refit of the forecasts.
    private mutating func sampleDemand(hour: Int) {
        guard !nodes.isEmpty else { return }
        var pools: [String: Double] = [:], teams: [String: Double] = [:]
        var queued = 0.0
        for p in fleet.pools { pools[p.name] = 0 }
        for case let job? in jobSlots {
            let team = teamName(of: job)
            if let team { teams[team, default: 0] += Double(job.state == .running ? job.gpuIndices.count : job.gpus) }
            if job.state == .running {
                for g in job.gpuIndices where Int(g) < gpus.count {
                    let pool = nodes[Int(gpus.node[Int(g)])].pool
                    if pool < fleet.pools.count { pools[fleet.pools[pool].name, default: 0] += 1 }
                }
            } else {
                queued += Double(job.gpus)
            }
        }
        // Pending work has no pool yet: it counts in the fleet-wide series only.
        pools[DemandHistory.fleetSeries] = pools.values.reduce(0, +) + queued
        if demand == nil { demand = DemandHistory() }
        demand?.sample(pools: pools, teams: teams, hour: hour)
        demand?.refit()
    }

    /// One minute's pending-job count per queue and per priority class, for the queues pane's sparklines.
    private mutating func sampleQueueDepths(minute: Int) {
        guard queues != nil || jobSlots.contains(where: { $0 != nil }) else { return }
        let classes = priorityClasses
        if jobColumns == nil { jobColumns = .count(self) }
        guard let columns = jobColumns else { return }
        // Counted per class index from the job columns; only jobs in a scheduler's queue hash its name.
        var byQueue: [String: Int] = [:], byClass: [String: Int] = [:]
        var pendingByClass = [Int](repeating: 0, count: classes.count), unqueued = [Int](repeating: 0, count: classes.count)
        var unclassed = 0
        for slot in 0..<min(columns.count, jobSlots.count) where columns.state[slot] == .pending {
            let c = Int(columns.priorityClass[slot])
            let known = c >= 0 && c < classes.count
            if known { pendingByClass[c] += 1 }
            if let queue = jobSlots[slot]?.scheduler?.queue, !queue.isEmpty {
                byQueue[queue, default: 0] += 1
            } else if known {
                unqueued[c] += 1
            } else {
                unclassed += 1
            }
        }
        for (c, priorityClass) in classes.enumerated() {
            if pendingByClass[c] > 0 { byClass[priorityClass.name, default: 0] += pendingByClass[c] }
            if unqueued[c] > 0 { byQueue[priorityClass.name, default: 0] += unqueued[c] }
        }
        if unclassed > 0 { byQueue["—", default: 0] += unclassed }
        if queues == nil { queues = QueueRecords() }
        queues?.sample(queues: byQueue, classes: byClass, minute: minute)
    }

    private mutating func recordFeed(_ status: FeedStatus) {
        let i: Int
        if let existing = feeds.firstIndex(where: { $0.name == status.name }) {
            i = existing
        } else {
            feeds.append(FeedRecord(name: status.name, kind: status.kind, intervalSeconds: status.intervalSeconds,
                                    lastGoodAt: nil, lastErrorAt: nil, lastError: nil, errorCount: 0))
            i = feeds.count - 1
        }
        feeds[i].kind = status.kind
        feeds[i].intervalSeconds = status.intervalSeconds
        // What the reducer left out of this update's events counts with what the feed's parser skipped.
        let found = unreportedInputProblems.take()
        if let problems = status.problems, problems > 0 {
            feeds[i].problemCount += problems
            feeds[i].lastProblem = status.firstProblem
        } else if status.problems == 0, status.ok, found == nil {
            feeds[i].lastProblem = nil  // a clean update: the count keeps the history
        }
        if let found {
            feeds[i].problemCount += found.count
            if (status.problems ?? 0) == 0 { feeds[i].lastProblem = found.first }
        }
        if status.ok {
            feeds[i].lastGoodAt = status.at
            if status.reportsJobs == true { feeds[i].reportsJobs = true }
            feeds[i].asOf = status.asOf
            feeds[i].lastError = nil  // the error column shows a current failure, not history (errorCount keeps that)
        } else {
            feeds[i].lastErrorAt = status.at
            feeds[i].lastError = status.error
            feeds[i].errorCount += 1
        }
    }
}
