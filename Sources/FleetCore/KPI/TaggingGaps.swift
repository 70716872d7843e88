/// Jobs and teams that lack a tag the policy requires (`required_tags`).
///
/// The tags fleetdeck can see: `project` (the job's project), `team` (a team known to the org tree),
/// `cost-center` and `department` (the team's). Other required tags are reported as not carried by any feed.
public struct TaggingGap: Sendable, Hashable {
    /// What lacks the tags.
    public enum Subject: String, Sendable, Hashable {
        case job, team
    }

    public var kind: Subject
    public var id: String
    public var missing: [String]

    /// The gaps of the live and recently finished jobs and of the teams, under the policy's required tags.
    public static func derive(_ s: FleetState) -> [TaggingGap] {
        let required = s.policy?.rules?.requiredTags ?? []
        guard !required.isEmpty else { return [] }
        var out: [TaggingGap] = []
        func teamTags(_ t: Int32) -> [String: String] {
            guard t >= 0, Int(t) < s.org.teams.count else { return [:] }
            let team = s.org.teams[Int(t)]
            let department = team.department < s.org.departments.count ? s.org.departments[team.department].name : ""
            return ["team": team.name, "cost-center": team.costCenter, "department": department]
        }
        for job in s.jobSlots.compactMap({ $0 }) + Array(s.recentFinishedJobs) {
            var tags = teamTags(job.team)
            tags["project"] = job.project
            let missing = required.filter { (tags[$0] ?? "").isEmpty }
            if !missing.isEmpty { out.append(TaggingGap(kind: .job, id: job.id, missing: missing)) }
        }
        for (i, team) in s.org.teams.enumerated() {
            let tags = teamTags(Int32(i))
            let missing = required.filter { $0 != "project" && (tags[$0] ?? "").isEmpty }
            if !missing.isEmpty { out.append(TaggingGap(kind: .team, id: team.name, missing: missing)) }
        }
        return out
    }
}
