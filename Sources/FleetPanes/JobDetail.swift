import FleetCore
import FleetTUI

/// Lines of the job detail dialog; for a pending job they answer "why is it pending".
enum JobDetail {
    /// How many of the jobs ahead are listed.
    static let aheadShown = 5

    static func lines(id: String, ctx: FrameContext) -> [String] {
        let s = ctx.state
        guard let job = s.job(id: id) ?? s.recentFinishedJobs.last(where: { $0.id == id }) else {
            return ["this job is no longer in the live state"]
        }
        let queue = job.queueName(classes: s.priorityClasses)
        var lines = [
            "name      \(sanitizeForTerminal(job.name))",
            "team      \(sanitizeForTerminal(JobsPane.teamName(job, s)))   project \(sanitizeForTerminal(job.project))",
            "class     \(sanitizeForTerminal(JobsPane.className(job, s)))   queue \(sanitizeForTerminal(queue))",
            "state     \(job.state.rawValue)" + (job.pendingReason.isEmpty ? "" : "  (reason: \(sanitizeForTerminal(job.pendingReason)))"),
            "GPUs      \(job.gpus) × \(job.gpuModel ?? "any model")",
            "submitted \(Format.fleetClock(job.submittedAt))   waited \(Format.duration(job.wait(now: s.now)))",
        ]
        if let start = job.startedAt { lines.append("started   \(Format.fleetClock(start))") }
        if let end = job.endedAt { lines.append("ended     \(Format.fleetClock(end))") }
        if !job.gpuIndices.isEmpty {
            lines.append("nodes     \(JobsPane.nodeNames(job, s))")
            let cost = job.gpuIndices.reduce(0.0) { total, g in
                let p = Int(g) < s.gpuPrice.count ? s.gpuPrice[Int(g)] : .nan
                return total + (p.isFinite ? p : 0)
            }
            lines.append("cost      \(Format.money(cost, perHour: true)) while running")
        }
        if job.state == .pending { lines += whyPending(job, queue: queue, s) }
        return lines
    }

    /// Position in its queue, the jobs ahead, the scheduler priority and the team's quota headroom.
    private static func whyPending(_ job: Job, queue: String, _ s: FleetState) -> [String] {
        let classes = s.priorityClasses
        let waiting = s.jobSlots.compactMap { $0 }
            .filter { $0.state == .pending && $0.queueName(classes: classes) == queue }
            .sorted(by: JobsPane.runOrder(classes))
        // The scheduler's own position (Kueue, 0 = next) wins over fleetdeck's ordering.
        let position = job.scheduler?.queuePosition.map { $0 + 1 } ?? (waiting.firstIndex { $0.id == job.id } ?? 0) + 1
        let ahead = waiting.prefix(position - 1)
        var lines = ["", "WHY PENDING",
                     "reason    \(job.pendingReason.isEmpty ? "not given yet" : sanitizeForTerminal(job.pendingReason))"
                        + "  (\(PendingReasonCategory.of(job.pendingReason).rawValue))",
                     "position  \(position) of \(waiting.count) pending in \(sanitizeForTerminal(queue)); "
                        + "\(ahead.reduce(0) { $0 + $1.gpus }) GPUs asked for ahead of it"]
        if let p = job.scheduler?.priority {
            var text = "priority  \(Format.number(p, digits: 0)) (scheduler)"
            if let factors = job.scheduler?.priorityFactors {
                let parts = factors.filter { $0.key != "priority" && $0.value != 0 }.sorted { $0.value > $1.value }
                    .map { "\($0.key) \(Format.number($0.value, digits: 0))" }
                text += parts.isEmpty ? "" : " = " + parts.joined(separator: " + ")
            }
            lines.append(text)
        }
        for other in ahead.prefix(aheadShown) {
            let priority = other.scheduler?.priority.map { "  prio \(Format.number($0, digits: 0))" } ?? ""
            lines.append("  ahead   \(sanitizeForTerminal(other.id))  \(sanitizeForTerminal(JobsPane.teamName(other, s)))  "
                         + "\(other.gpus) GPUs  \(sanitizeForTerminal(JobsPane.className(other, s)))\(priority)")
        }
        if ahead.count > aheadShown { lines.append("  … and \(ahead.count - aheadShown) more") }
        lines.append(headroom(job, s))
        lines += limits(job, s)
        if let share = fairShare(job, s) { lines.append(share) }
        return lines
    }

    /// The scheduler's GPU limits on the job's account and QOS, with what is held against them now.
    private static func limits(_ job: Job, _ s: FleetState) -> [String] {
        guard let limits = s.schedulerLimits else { return [] }
        let account = JobsPane.teamName(job, s), qos = job.scheduler?.qos ?? ""
        var lines: [String] = []
        if let assoc = limits.first(where: { $0.kind == .association && $0.name == account && $0.user.isEmpty }),
           let group = assoc.groupGPUs {
            let used = job.team >= 0 && Int(job.team) < s.teamUsage.count ? s.teamUsage[Int(job.team)].allocatedGPUs : 0
            lines.append("limit     account \(sanitizeForTerminal(account)) GrpTRES gres/gpu=\(group): \(used) held"
                         + (used + job.gpus > group ? ", no room for \(job.gpus) more" : ""))
        }
        if let q = limits.first(where: { $0.kind == .qos && $0.name == qos }), q.groupGPUs != nil || q.perUserGPUs != nil {
            let running = s.jobSlots.compactMap { $0 }.filter { $0.state == .running && $0.scheduler?.qos == qos }
            let held = running.reduce(0) { $0 + $1.gpuIndices.count }
            let mine = running.filter { $0.scheduler?.user == job.scheduler?.user }.reduce(0) { $0 + $1.gpuIndices.count }
            var parts: [String] = []
            if let g = q.groupGPUs { parts.append("GrpTRES gres/gpu=\(g) (\(held) held)") }
            if let u = q.perUserGPUs { parts.append("per user \(u) (\(mine) held by \(sanitizeForTerminal(job.scheduler?.user ?? "")))") }
            lines.append("limit     QOS \(sanitizeForTerminal(qos)) " + parts.joined(separator: ", "))
        }
        return lines
    }

    /// The account's standing in the scheduler's fair-share tree, when a feed reports one.
    private static func fairShare(_ job: Job, _ s: FleetState) -> String? {
        guard let tree = s.fairShare else { return nil }
        let account = JobsPane.teamName(job, s)
        let user = job.scheduler?.user ?? ""
        guard let row = tree.first(where: { $0.account == account && $0.user.isEmpty }) else {
            return "fairshare account \(sanitizeForTerminal(account)) not in the fair-share tree"
        }
        var text = "fairshare \(sanitizeForTerminal(account)): entitled \(Format.percent(row.normShares, digits: 0)), "
            + "used \(Format.percent(row.effectiveUsage, digits: 0))"
        if let level = row.levelFS {
            text += level.isInfinite ? " (no usage yet)" : level >= 1 ? " (under-served, level \(Format.number(level, digits: 2)))"
                : " (over-served, level \(Format.number(level, digits: 2)))"
        }
        if let mine = tree.first(where: { $0.account == account && $0.user == user }), let f = mine.fairShare {
            text += "; \(sanitizeForTerminal(user)) factor \(Format.number(f, digits: 2))"
        }
        return text
    }

    /// The team's guaranteed GPUs left, or that no quota is configured.
    private static func headroom(_ job: Job, _ s: FleetState) -> String {
        guard job.team >= 0, Int(job.team) < s.org.teams.count, Int(job.team) < s.teamUsage.count else {
            return "quota     team unknown to the org tree"
        }
        let team = s.org.teams[Int(job.team)], used = s.teamUsage[Int(job.team)].allocatedGPUs
        guard team.hasLimits else { return "quota     no quota set for \(sanitizeForTerminal(team.name)) (\(used) GPUs in use)" }
        let free = team.quotaGPUs - used
        return "quota     \(used) of \(team.quotaGPUs) GPUs in use, "
            + (free >= job.gpus ? "\(free) free: quota is not what holds it"
                : "\(max(0, free)) free + \(team.borrowingLimitGPUs) borrowable; needs \(job.gpus)")
    }
}
