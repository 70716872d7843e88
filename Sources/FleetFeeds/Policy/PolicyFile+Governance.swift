import FleetCore

extension PolicyFile {
    /// Kinds a role may approve: the request kinds, or `any`.
    static let approvableKinds = Set(RequestKind.allCases.map(\.rawValue)).union(["any"])

    /// `roles:` — who may approve which kinds of request.
    static func readRoles(_ node: PolicyNode) -> [PolicyRole] {
        var seen: [String: Int] = [:]
        return node.sequence().compactMap { r in
            let f = r.mapping(allowed: ["name", "members", "approves"])
            guard let name = f["name"]?.string else { if f["name"] == nil { r.fail("name: required") }; return nil }
            if let line = seen[name] { r.fail("role \(name) is already defined on line \(line)") }
            seen[name] = r.line
            let members = f["members"]?.strings ?? []
            if members.contains(Permissions.anyone) { f["members"]?.fail("\"*\" (anyone) is only for the built-in demo policy; name OS users") }
            let approves = f["approves"]?.strings ?? []
            for kind in approves where !approvableKinds.contains(kind) {
                f["approves"]?.fail("\(kind): not a request kind (one of \(approvableKinds.sorted().joined(separator: ", ")))")
            }
            return PolicyRole(name: name, members: members, approves: approves)
        }
    }

    /// `governance:` — two-approver thresholds, decision SLAs per urgency, the escalation ladder, plan execution.
    static func readGovernance(_ node: PolicyNode, roles: [PolicyRole]) -> GovernanceRules {
        var rules = GovernanceRules()
        let f = node.mapping(allowed: ["two_approvers_above", "decision_sla", "escalation", "execute_plans"])
        if let two = f["two_approvers_above"] {
            let t = two.mapping(allowed: ["gpu_hours", "dollars"])
            if let h = t["gpu_hours"]?.number(max: PolicyLimits.gpuHours) { rules.twoApproversAboveGPUHours = h }
            if let d = t["dollars"]?.number(max: PolicyLimits.dollars) { rules.twoApproversAboveDollars = d }
        }
        if let sla = f["decision_sla"] {
            for (urgency, value) in sla.mapping(allowed: Set(Urgency.allCases.map(\.rawValue))) {
                if let seconds = value.duration { rules.decisionSLASeconds[urgency] = seconds }
            }
        }
        if let ladder = f["escalation"] {
            let roleNames = Set(roles.map(\.name))
            rules.ladder = ladder.sequence().compactMap { level in
                let l = level.mapping(allowed: ["level", "role", "sla"])
                guard let name = l["level"]?.string, let role = l["role"]?.string, let sla = l["sla"]?.duration else {
                    for key in ["level", "role", "sla"] where l[key] == nil { level.fail("\(key): required") }
                    return nil
                }
                if !roleNames.contains(role) { l["role"]?.fail("role \(role) is not defined under roles:") }
                return EscalationLevel(name: name, role: role, slaSeconds: sla)
            }
        }
        if let execute = f["execute_plans"] {
            if let b = execute.bool { rules.executePlans = b } else { execute.fail("expected true or false") }
        }
        return rules
    }
}
