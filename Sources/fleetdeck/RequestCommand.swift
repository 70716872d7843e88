import ArgumentParser
import FleetCore
import FleetPanes
import Foundation

/// `fleetdeck request …`: file, list, show, withdraw and answer override requests from any terminal on the store.
struct RequestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request", abstract: "File and follow override requests and disputes.",
        subcommands: [Override.self, List.self, Show.self, Withdraw.self, Answer.self])

    /// `fleetdeck request override --team nlp --gpus 32 --hours 12 --reason "…"`.
    struct Override: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "File an override request (or, with --kind dispute --against TEAM, a dispute between teams).",
            discussion: "The requester is the OS user running the command. Kinds: \(RequestKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        @Option(help: "What is asked for.") var kind: String = RequestKind.quota.rawValue
        @Option(help: "The team asking.") var team: String
        @Option(help: "The other team of a dispute.") var against: String?
        @Option(help: "GPUs asked for (capacity kinds).") var gpus: Int?
        @Option(help: "Hours the override lasts (capacity kinds).") var hours: Double?
        @Option(help: "Dollars asked for (budget overruns).") var dollars: Double?
        @Option(help: "Justification (required).") var reason: String
        @Option(help: "Ticket reference, e.g. INC-1234.") var ticket: String = ""
        @Option(help: "critical, high, normal or low.") var urgency: String = Urgency.normal.rawValue
        @Option(help: "Window start as a delay from now, e.g. 30m (default: now).") var startsIn: String?
        @Option(help: "Undecided after this long (e.g. 8h), the request lapses (default: a day or 4× its decision SLA).")
        var expiresIn: String?
        @OptionGroup var target: TargetStore

        func validate() throws {
            guard RequestKind(rawValue: kind) != nil else { throw ValidationError("--kind must be one of \(RequestKind.allCases.map(\.rawValue).joined(separator: ", "))") }
            guard Urgency(rawValue: urgency) != nil else { throw ValidationError("--urgency must be critical, high, normal or low") }
            if let startsIn, DurationFormat.parse(startsIn) == nil { throw ValidationError("--starts-in must be a duration like 30m or 2h") }
            if let expiresIn, DurationFormat.parse(expiresIn) == nil { throw ValidationError("--expires-in must be a duration like 8h or 1d") }
        }

        func run() throws {
            let now = Date().timeIntervalSince1970
            let draft = RequestDraft(kind: RequestKind(rawValue: kind) ?? .quota, team: team, againstTeam: against, gpus: gpus, hours: hours,
                                     dollars: dollars, justification: reason, ticket: ticket, urgency: Urgency(rawValue: urgency) ?? .normal,
                                     windowStart: startsIn.flatMap(DurationFormat.parse).map { now + $0 },
                                     expiresIn: expiresIn.flatMap(DurationFormat.parse))
            try GovernanceCLI.run(try target.address()) { s, person in Governance.file(draft, by: person, in: s, now: now).map { [$0] } }
        }
    }

    /// `fleetdeck request list`: open requests, most urgent first.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List requests: open ones by urgency and deadline (--all: every one kept).")
        @Flag(help: "Include decided, withdrawn and expired requests.") var all = false
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var target: TargetStore

        func run() throws {
            let state = try Session.loadState(address: target.address())
            let now = Date().timeIntervalSince1970
            let rows = ApprovalQueue.rows(state, now: now, includeClosed: all)
            if json {
                print(try GovernanceCLI.json(rows.map { RequestJSON.object($0, state, now: now) }))
                return
            }
            if rows.isEmpty { print(all ? "no requests" : "no open requests"); return }
            // The approvals pane's columns, as aligned text.
            let table = [["ID", "URGENCY", "KIND", "TEAM", "AMOUNT", "STATUS", "DUE IN", "LEVEL", "BY", "JUSTIFICATION"]] + rows.map { r in
                let q = r.request
                let due = !q.status.isOpen ? "—" : r.overdue ? "-" + DurationFormat.short(now - r.deadline) : DurationFormat.short(max(0, r.deadline - now))
                return [q.id, q.urgency.rawValue, q.kind.rawValue, q.team + (q.againstTeam.map { " vs \($0)" } ?? ""), q.amountText,
                        q.status == .pending && !q.approvals.isEmpty ? "\(q.approvals.count)/\(r.approversNeeded) approved" : q.status.rawValue,
                        due, r.levelName, q.requester, q.justification]
            }
            let widths = (0..<9).map { c in table.map { $0[c].count }.max() ?? 0 }
            for line in table {
                print(line.enumerated().map { c, cell in c < 9 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) : cell }
                    .joined(separator: "  "))
            }
        }
    }

    /// `fleetdeck request show R-7`: one request with its impact, plan and history.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one request: impact, scheduler plan and decision trail.")
        @Argument(help: "Request id, e.g. R-7.") var id: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var target: TargetStore

        func run() throws {
            let state = try Session.loadState(address: target.address())
            guard let request = state.governance?.request(id) else { throw GovernanceCLI.Failure("no request \(id)") }
            let now = Date().timeIntervalSince1970
            if json {
                print(try GovernanceCLI.json(RequestJSON.object(ApprovalQueue.row(request, state, now: now), state, now: now, detailed: true)))
            } else {
                print(RequestDetail.lines(request, state, now: now).joined(separator: "\n"))
            }
        }
    }

    /// `fleetdeck request withdraw R-7 --reason "…"` (the requester only).
    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw your own open request.")
        @Argument(help: "Request id.") var id: String
        @Option(help: "Why (required).") var reason: String
        @OptionGroup var target: TargetStore
        func run() throws { try GovernanceCLI.act(.withdraw, id: id, reason: reason, store: target.address()) }
    }

    /// `fleetdeck request answer R-7 --reason "…"`: answer an approver's question (the requester only).
    struct Answer: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Answer an approver's question on your request; it is pending again.")
        @Argument(help: "Request id.") var id: String
        @Option(help: "The answer (required).") var reason: String
        @OptionGroup var target: TargetStore
        func run() throws { try GovernanceCLI.act(.answer, id: id, reason: reason, store: target.address()) }
    }
}
