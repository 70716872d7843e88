/// Who may do what with requests, from the policy's roles, team members and escalation ladder.
public enum Permissions {
    /// The wildcard member of the built-in demo policy's roles (a policy file may not use it).
    public static let anyone = "*"

    /// Why `user`, whom the policy does not name, may not act: the refusal every governance action gives.
    public static func viewOnly(_ user: String) -> String { "\(user) is not named in the policy: view only" }

    /// Whether `user` is named in the policy at all; anyone else can only view.
    public static func isKnown(_ user: String, rules: PolicyRules, org: OrgSpec) -> Bool {
        !roleNames(of: user, rules: rules).isEmpty || org.teams.contains { $0.members?.contains(user) == true }
    }

    /// Names of the roles `user` holds.
    public static func roleNames(of user: String, rules: PolicyRules) -> [String] {
        rules.roles.filter { $0.members.contains(user) || $0.members.contains(anyone) }.map(\.name)
    }

    /// Members of the team, or anyone holding a role, may file for a team.
    static func mayFile(_ user: String, for team: String, rules: PolicyRules, org: OrgSpec) -> Bool {
        !roleNames(of: user, rules: rules).isEmpty || org.teams.first { $0.name == team }?.members?.contains(user) == true
    }

    /// Whether `user` may decide requests of `kind`: a role approving it (or `any`); budget overruns only by a role
    /// that names `budget` (finance), never through `any`.
    public static func mayApprove(_ user: String, kind: RequestKind, rules: PolicyRules) -> Bool {
        rules.roles.contains { role in
            (role.members.contains(user) || role.members.contains(anyone))
                && (role.approves.contains(kind.rawValue) || (kind != .budget && role.approves.contains("any")))
        }
    }

    /// How many distinct approvers `request` needs: two above the policy's GPU-hours or dollars.
    public static func approversNeeded(_ request: OverrideRequest, _ s: FleetState, prices: Effects.MeanPrices? = nil) -> Int {
        approversNeeded(request, s, prices: prices, rules: (s.policy?.rules ?? PolicyRules()).governanceOrDefault)
    }

    /// `approversNeeded` under the governance rules `g`, read once by a caller that asks for many requests.
    static func approversNeeded(_ request: OverrideRequest, _ s: FleetState, prices: Effects.MeanPrices?, rules g: GovernanceRules) -> Int {
        let dollars = request.dollars ?? Effects.cost(request, s, prices: prices) ?? 0
        return request.gpuHours > g.twoApproversAboveGPUHours || dollars > g.twoApproversAboveDollars ? 2 : 1
    }

    /// Why `user` may not take `verb` on `request`, or nil when allowed.
    public static func refusal(_ verb: GovernanceVerb, _ request: OverrideRequest, actor user: String, rules: PolicyRules,
                               org: OrgSpec) -> String? {
        switch verb {
        case .withdraw, .answer:
            return user == request.requester ? (verb == .answer && request.status != .needsInfo ? "nobody asked for information on \(request.id)" : nil)
                : "only \(request.requester), who filed \(request.id), may \(verb.rawValue) it"
        case .approve, .deny, .ask, .escalate:
            if user == request.requester, verb != .escalate { return "\(user) filed \(request.id); someone else must decide it" }
            guard isKnown(user, rules: rules, org: org), !roleNames(of: user, rules: rules).isEmpty else {
                return "\(user) holds no policy role: view only"
            }
            if verb == .escalate { return nil }
            if verb == .approve, request.approvals.contains(user) {
                return "\(user) already approved \(request.id); it needs a second, different approver"
            }
            let ladder = rules.governanceOrDefault.ladder
            let atLevel = request.level < ladder.count
                && rules.roles.contains { $0.name == ladder[request.level].role && ($0.members.contains(user) || $0.members.contains(anyone)) }
            guard mayApprove(user, kind: request.kind, rules: rules) || (atLevel && request.kind != .budget) else {
                let who = request.kind == .budget ? "a finance role (approves: budget)" : "a role that approves \(request.kind.rawValue)"
                return "\(user) may not decide \(request.kind.rawValue) requests: needs \(who)"
            }
            return nil
        }
    }
}
