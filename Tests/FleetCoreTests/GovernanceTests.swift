import Testing
@testable import FleetCore

@Suite("Governance: filing, permissions, decisions, escalation")
struct GovernanceTests {
    static func state(executePlans: Bool = false) -> FleetState {
        var s = Fixture.state()
        var policy = s.policy ?? PolicySpec(source: "t", priorityClasses: PolicySpec.defaultPriorityClasses, prices: [])
        var rules = PolicyRules()
        rules.roles = [PolicyRole(name: "on-call", members: ["alice", "bob"], approves: ["priority", "preemption", "quota"]),
                       PolicyRole(name: "capacity-board", members: ["carol"], approves: ["any"]),
                       PolicyRole(name: "finance", members: ["dave"], approves: ["budget"])]
        var g = GovernanceRules()
        g.twoApproversAboveGPUHours = 100
        g.ladder = [EscalationLevel(name: "on-call", role: "on-call", slaSeconds: 900),
                    EscalationLevel(name: "board", role: "capacity-board", slaSeconds: 4 * 3600)]
        g.executePlans = executePlans
        rules.governance = g
        policy.rules = rules
        s.apply(.policyDefined(policy))
        return s
    }

    static func file(_ s: inout FleetState, _ draft: RequestDraft, by user: String, at now: Double) throws -> OverrideRequest {
        let outcome = try Governance.file(draft, by: user, in: s, now: now).get()
        s.apply(.governance(outcome.event))
        return try #require(outcome.request)
    }

    @discardableResult
    static func act(_ s: inout FleetState, _ verb: GovernanceVerb, _ id: String, by user: String, at now: Double,
                    reason: String = "ok") -> Result<GovernanceOutcome, GovernanceError> {
        let result = Governance.act(verb, on: id, by: user, reason: reason, in: s, now: now)
        if case .success(let o) = result { s.apply(.governance(o.event)) }
        return result
    }

    @Test("malformed requests and unknown identities are refused with a clear message")
    func filingValidation() {
        let s = Self.state(), now = Fixture.t0
        let bad: [(RequestDraft, String)] = [
            (RequestDraft(kind: .quota, team: "nope", gpus: 4, hours: 2, justification: "x"), "team nope is not in the org tree"),
            (RequestDraft(kind: .quota, team: "nlp", gpus: 0, hours: 2, justification: "x"), "quota requests need --gpus between 1 and 100000"),
            (RequestDraft(kind: .quota, team: "nlp", gpus: 4, hours: nil, justification: "x"), "quota requests need --hours between 0 and 2160"),
            (RequestDraft(kind: .quota, team: "nlp", gpus: 4, hours: 2, justification: "  "), "a justification (--reason) is required"),
            (RequestDraft(kind: .budget, team: "nlp", justification: "x"), "budget requests need --dollars above 0"),
            (RequestDraft(kind: .dispute, team: "nlp", againstTeam: "nlp", justification: "x"), "a dispute is between two different teams"),
        ]
        for (draft, message) in bad {
            #expect(Governance.file(draft, by: "alice", in: s, now: now).failureValue == .invalid(message))
        }
        let mallory = Governance.file(RequestDraft(kind: .quota, team: "nlp", gpus: 4, hours: 2, justification: "x"), by: "mallory", in: s, now: now)
        #expect(mallory.failureValue == .notAllowed("mallory is not named in the policy (roles or team members): view only"))
    }

    @Test("ids count up; control characters never reach the state")
    func filing() throws {
        var s = Self.state()
        let a = try Self.file(&s, RequestDraft(kind: .quota, team: "nlp", gpus: 4, hours: 2, justification: "train\u{1b}[31m now\u{7}",
                                               ticket: "INC-1"), by: "alice", at: Fixture.t0)
        let b = try Self.file(&s, RequestDraft(kind: .priority, team: "vision", gpus: 2, hours: 1, justification: "demo"), by: "bob", at: Fixture.t0 + 1)
        #expect(a.id == "R-1" && b.id == "R-2")
        #expect(s.governance?.request("R-1")?.justification == "train[31m now")
        #expect(s.governance?.open.count == 2)
        #expect(a.windowEnd - a.windowStart == 2 * 3600)
    }

    @Test("never the requester; only roles that approve the kind; budget only by finance; two approvers above the size")
    func permissions() throws {
        var s = Self.state(), t = Fixture.t0
        let small = try Self.file(&s, RequestDraft(kind: .quota, team: "nlp", gpus: 4, hours: 2, justification: "x"), by: "alice", at: t)
        #expect(Self.act(&s, .approve, small.id, by: "alice", at: t).failureValue == .notAllowed("alice filed R-1; someone else must decide it"))
        #expect(Self.act(&s, .approve, small.id, by: "dave", at: t).failureValue
                == .notAllowed("dave may not decide quota requests: needs a role that approves quota"))
        #expect(Self.act(&s, .approve, small.id, by: "bob", at: t, reason: "").failureValue == .invalid("a reason is required"))
        t += 10
        #expect(try Self.act(&s, .approve, small.id, by: "bob", at: t).get().message == "approved R-1")
        #expect(s.governance?.request("R-1")?.status == .approved)
        #expect(Self.act(&s, .deny, small.id, by: "carol", at: t + 1).failureValue
                == .alreadyDecided(id: "R-1", status: .approved, by: "bob", at: t))

        let budget = try Self.file(&s, RequestDraft(kind: .budget, team: "nlp", dollars: 5000, justification: "x"), by: "alice", at: t)
        #expect(Self.act(&s, .approve, budget.id, by: "carol", at: t).failureValue
                == .notAllowed("carol may not decide budget requests: needs a finance role (approves: budget)"))
        #expect(try Self.act(&s, .approve, budget.id, by: "dave", at: t).get().request?.status == .approved)

        let big = try Self.file(&s, RequestDraft(kind: .quota, team: "nlp", gpus: 32, hours: 12, justification: "x"), by: "alice", at: t)
        #expect(try Self.act(&s, .approve, big.id, by: "bob", at: t).get().message == "approval 1 of 2 recorded for R-3; a second approver is needed")
        #expect(Self.act(&s, .approve, big.id, by: "bob", at: t).failureValue
                == .notAllowed("bob already approved R-3; it needs a second, different approver"))
        let second = try Self.act(&s, .approve, big.id, by: "carol", at: t + 5).get()
        #expect(second.request?.status == .approved && second.request?.decidedBy == "bob + carol")
        #expect(second.audit.action == "request.approved" && second.audit.after.hasPrefix("in force"))
        #expect(s.governance?.inEffect(at: t + 60).map(\.id) == ["R-1", "R-2", "R-3"])
        #expect(s.governance?.inEffect(at: t + 13 * 3600).map(\.id) == ["R-2"])  // the budget overrun holds for the month
    }

    @Test("ask, answer, withdraw belong to the right people")
    func askAnswerWithdraw() throws {
        var s = Self.state(), t = Fixture.t0
        let r = try Self.file(&s, RequestDraft(kind: .priority, team: "nlp", gpus: 2, hours: 1, justification: "x"), by: "alice", at: t)
        #expect(try Self.act(&s, .ask, r.id, by: "bob", at: t, reason: "which jobs?").get().request?.status == .needsInfo)
        #expect(Self.act(&s, .answer, r.id, by: "bob", at: t).failureValue == .notAllowed("only alice, who filed R-1, may answer it"))
        #expect(try Self.act(&s, .answer, r.id, by: "alice", at: t, reason: "job 12").get().request?.status == .pending)
        #expect(try Self.act(&s, .withdraw, r.id, by: "alice", at: t, reason: "not needed").get().request?.status == .withdrawn)
        #expect(s.governance?.request(r.id)?.notes.map(\.action) == ["filed", "ask", "answer", "withdraw"])
    }

    @Test("an undecided request climbs the ladder when a level's SLA lapses, then expires")
    func lapse() throws {
        var s = Self.state(), t = Fixture.t0
        let r = try Self.file(&s, RequestDraft(kind: .quota, team: "nlp", gpus: 2, hours: 1, justification: "x", expiresIn: 6 * 3600),
                              by: "alice", at: t)
        #expect(Governance.lapse(s, now: t + 899).isEmpty)
        let up = Governance.lapse(s, now: t + 900)
        #expect(up.map(\.audit.action) == ["request.escalated"] && up.first?.request?.level == 1)
        for o in up { s.apply(.governance(o.event)) }
        #expect(Governance.lapse(s, now: t + 3 * 3600).isEmpty)  // board SLA 4h from t+900; top of the ladder anyway
        let gone = Governance.lapse(s, now: r.expiresAt)
        #expect(gone.map(\.request?.status) == [.expired])
        for o in gone { s.apply(.governance(o.event)) }
        #expect(s.governance?.open.isEmpty == true)
        // On-call members decide at level 0; an escalated item is also the board's.
        #expect(try Permissions.refusal(.approve, #require(up[0].request), actor: "carol", rules: s.policy?.rules ?? PolicyRules(), org: s.org) == nil)
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let f) = self { f } else { nil } }
}
