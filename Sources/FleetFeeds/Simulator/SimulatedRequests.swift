import FleetCore

/// Override requests the simulated teams' leads file now and then, so the demo's approvals pane has work in it.
public enum SimulatedRequests {
    static let justifications: [(RequestKind, String)] = [
        (.quota, "launch fine-tune needs more H100s for the weekend"),
        (.priority, "customer demo tomorrow: eval jobs must run first"),
        (.preemption, "regression in prod model: retrain ahead of research jobs"),
        (.budget, "extra ablations approved by the VP; month overrun expected"),
        (.borrowProd, "holiday traffic is low: borrow inference GPUs for batch scoring"),
        (.retrain, "drift alert on fraud model (regulatory trigger)"),
    ]

    /// The `n`th request of a session (randomised by `seed`), or nil when enough are open already.
    public static func next(_ s: FleetState, n: UInt64, seed: UInt64) -> (draft: RequestDraft, requester: String)? {
        guard (s.governance?.open.count ?? 0) < 6, !s.org.teams.isEmpty else { return nil }
        var rng = SimRandom(seed: seed, stream: 0x60F, index: n)
        let team = s.org.teams[Int(rng.next() % UInt64(s.org.teams.count))]
        let (kind, why) = justifications[Int(rng.next() % UInt64(justifications.count))]
        let gpus = [8, 16, 32, 64][Int(rng.next() % 4)]
        let hours = [2.0, 6, 12, 24][Int(rng.next() % 4)]
        let urgency = Urgency.allCases[Int(rng.next() % UInt64(Urgency.allCases.count))]
        let draft = RequestDraft(kind: kind, team: team.name, gpus: kind == .budget ? nil : gpus, hours: kind == .budget ? nil : hours,
                                 dollars: kind == .budget ? Double(gpus) * 500 : nil, justification: why,
                                 ticket: "SIM-\(1000 + n)", urgency: urgency)
        return (draft, SimulatedOrg.requester(of: team.name))
    }
}
