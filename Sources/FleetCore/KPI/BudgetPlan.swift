/// Where a team stands against its monthly budget, and what to hold if it must be throttled.
public struct BudgetStatus: Sendable, Hashable {
    public var team: String
    public var level: BudgetLevel
    /// Month to date ÷ budget.
    public var used: Double
    /// Projected month-end ÷ budget (today's $/h for the rest of the month).
    public var projected: Double
    public var thresholds: BudgetThresholds
    /// The hours of the month the projection rests on, where they are too few for a trend (`FleetState.projectionTrendHours`):
    /// it is then today's run rate carried to the month's end, and is shown as such; nil when it rests on enough.
    public var runRateHours: Double?

    /// Whether spending reached the throttle threshold (the throttle plan applies), whatever the level says beyond it.
    public var throttles: Bool { used >= thresholds.throttleAt }

    /// Status of every team with a budget set, worst first.
    public static func derive(_ s: FleetState) -> [BudgetStatus] {
        s.org.teams.indices.compactMap { s.budgetStatus(team: $0) }.sorted { ($0.used, $1.team) > ($1.used, $0.team) }
    }
}

/// The jobs to hold so a team over budget stops spending on non-critical work: preemptible classes only,
/// lowest priority (then newest) first, each with the scheduler command that would hold it. A recommendation:
/// it runs only through an approved request (dry run by default).
public struct ThrottlePlan: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        public var jobID: String
        public var className: String
        public var gpus: Int
        /// $/h the hold saves (running jobs; 0 for pending ones, which it keeps from starting).
        public var savesPerHour: Double
        /// The command, or why there is none (a simulated job).
        public var command: String
    }

    public var team: String
    public var steps: [Step]
    public var savesPerHour: Double { steps.reduce(0) { $0 + $1.savesPerHour } }

    /// The plan for `team`: every job of a preemptible class, lowest priority class first, running before pending.
    public static func plan(team: String, _ s: FleetState) -> ThrottlePlan {
        guard let t = s.teamIndex(named: team) else { return ThrottlePlan(team: team, steps: []) }
        let classes = s.priorityClasses
        let jobs = s.jobSlots.compactMap { $0 }.filter { job in
            job.team == Int32(t) && job.priorityClass >= 0 && Int(job.priorityClass) < classes.count
                && classes[Int(job.priorityClass)].preemptible
        }
        let ordered = jobs.sorted { a, b in
            let ra = classes[Int(a.priorityClass)].rank, rb = classes[Int(b.priorityClass)].rank
            if ra != rb { return ra > rb }
            if (a.state == .running) != (b.state == .running) { return a.state == .running }
            return (a.scheduler?.priority ?? 0, -a.submittedAt, a.id) < (b.scheduler?.priority ?? 0, -b.submittedAt, b.id)
        }
        let steps = ordered.map { job in
            Step(jobID: job.id, className: classes[Int(job.priorityClass)].name, gpus: job.gpus,
                 savesPerHour: job.state == .running ? s.price(of: job.gpuIndices) : 0, command: command(for: job))
        }
        return ThrottlePlan(team: team, steps: steps)
    }

    /// Jobs a plan would hold and $/h it would save, for several teams in one pass over the jobs (for alerts).
    public static func summaries(teams: Set<String>, _ s: FleetState) -> [String: (jobs: Int, savesPerHour: Double)] {
        guard !teams.isEmpty else { return [:] }
        let classes = s.priorityClasses
        var out: [String: (jobs: Int, savesPerHour: Double)] = [:]
        for case let job? in s.jobSlots {
            guard job.team >= 0, Int(job.team) < s.org.teams.count, job.priorityClass >= 0, Int(job.priorityClass) < classes.count,
                  classes[Int(job.priorityClass)].preemptible else { continue }
            let team = s.org.teams[Int(job.team)].name
            guard teams.contains(team) else { continue }
            let saves = job.state == .running ? s.price(of: job.gpuIndices) : 0
            let t = out[team] ?? (0, 0)
            out[team] = (t.jobs + 1, t.savesPerHour + saves)
        }
        return out
    }

    /// `scontrol hold` for Slurm jobs, deactivating the Workload for Kueue, nothing for simulated ones.
    static func command(for job: Job) -> String {
        guard let source = job.scheduler?.source, source != "replay" else { return "(simulated job: no scheduler to ask)" }
        if source.hasPrefix("kueue") {
            let parts = job.id.split(separator: "/", maxSplits: 1)
            guard parts.count == 2 else { return "(no namespace in \(job.id))" }
            return "kubectl patch workload \(parts[1]) -n \(parts[0]) --type=merge -p '{\"spec\":{\"active\":false}}'"
        }
        let via = source.hasPrefix("slurm via ") ? String(source.dropFirst("slurm via ".count)) + " " : ""
        return "\(via)scontrol hold \(job.id)"
    }
}
