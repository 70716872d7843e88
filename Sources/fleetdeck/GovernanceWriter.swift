import FleetCore
import FleetFeeds
import FleetStore
import Foundation
import Synchronization

/// The writer's governance work besides escalation: Alertmanager intake (a payload file and a loopback webhook
/// listener) and, where the policy enables it, running approved scheduler plans and recording their output.
final class GovernanceWriter: Sendable {
    static let commandTimeout = 60.0
    private let store: any EventStoring
    /// The writer's fence: Alertmanager intake stops with the lease.
    private let fence: WriterFence
    private let file: Mutex<AlertmanagerSource?>
    private let listener: WebhookListener?
    /// Request id + phase of executions started (so a slow one is not started twice).
    private let started = Mutex<Set<String>>([])
    private let lastFilePoll = Mutex<Double>(0)

    /// Starts the listener (loopback only) when `listenPort` is given.
    init(store: any EventStoring, fence: WriterFence, alertFile: String?, listenPort: UInt16?) throws {
        self.store = store
        self.fence = fence
        file = Mutex(alertFile.map(AlertmanagerSource.init))
        if let port = listenPort {
            let listener = WebhookListener(host: "127.0.0.1", port: port) { body in
                Self.receive(body, source: "alertmanager webhook :\(port)", store: store, fence: fence)
            }
            try listener.start()
            self.listener = listener
        } else {
            listener = nil
        }
    }

    /// Stops the listener.
    func stop() { listener?.stop() }

    /// Polls the payload file (every 2 s) and starts plan executions that are due.
    func tick(session: Session, now: Double) {
        let due = lastFilePoll.withLock { last in
            guard now - last >= AlertmanagerSource.intervalSeconds else { return false }
            last = now
            return true
        }
        let read = !due ? nil : file.withLock { (source: inout AlertmanagerSource?) -> (String, (result: Result<AlertmanagerPayload, AlertSourceError>, changed: Bool))? in
            guard var current = source else { return nil }
            defer { source = current }
            return (current.feedName, current.poll())
        }
        if let (feed, read) = read {
            _ = try? store.append(AlertmanagerPayload.events(read.result, new: read.changed, feed: feed, at: now,
                                                             intervalSeconds: AlertmanagerSource.intervalSeconds), fence: fence)
        }
        executeDuePlans(session.state, now: now)
    }

    /// Approved requests whose window opened (apply) or closed (revert) without a recorded execution get one.
    private func executeDuePlans(_ s: FleetState, now: Double) {
        guard s.policy?.rules?.governanceOrDefault.executePlans == true, let governance = s.governance else { return }
        let done = Set(governance.executions.map { "\($0.requestID)|\($0.phase)" })
        for r in governance.requests where r.status == .approved {
            let phase = now >= r.windowEnd ? "revert" : now >= r.windowStart ? "apply" : nil
            guard let phase, !done.contains("\(r.id)|\(phase)") else { continue }
            if phase == "revert", !done.contains("\(r.id)|apply") { continue }  // never applied: nothing to undo
            let key = "\(r.id)|\(phase)"
            guard started.withLock({ $0.insert(key).inserted }) else { continue }
            let plan = OverridePlan.plan(r, s)
            let commands = phase == "apply" ? plan.apply : plan.revert
            let store = store
            let thread = Thread {
                Self.run(commands, request: r.id, phase: phase, note: plan.note, store: store)
            }
            thread.name = "fleetdeck-plan-\(r.id)"
            thread.start()
        }
    }

    /// Runs a plan's commands in order and records each one (command, exit status, output) with an audit record.
    private static func run(_ commands: [String], request: String, phase: String, note: String, store: any EventStoring) {
        var outcomes: [GovernanceOutcome] = []
        let now = { Date().timeIntervalSince1970 }
        if commands.isEmpty {
            let record = ExecutionRecord(requestID: request, phase: phase, command: "(none)", exitCode: 0, output: note, at: now())
            outcomes.append(outcome(record))
        }
        for command in commands {
            let record: ExecutionRecord
            switch CommandRunner.run(command, timeout: commandTimeout) {
            case .success(let output):
                record = ExecutionRecord(requestID: request, phase: phase, command: command, exitCode: 0,
                                         output: FeedText.clean(String(decoding: output.prefix(2000), as: UTF8.self)), at: now())
            case .failure(let failure):
                let text = failure.description
                let code = text.hasPrefix("exit ") ? Int32(text.dropFirst(5).prefix { $0.isNumber }) ?? -1 : -1
                record = ExecutionRecord(requestID: request, phase: phase, command: command, exitCode: code, output: FeedText.clean(text), at: now())
            }
            outcomes.append(outcome(record))
            if record.exitCode != 0 { break }  // later steps assume earlier ones worked
        }
        _ = try? store.transact(after: Int64.max, as: FleetEvent.self, durable: true, fence: nil) { _ in (try GovernanceDesk.write(outcomes), ()) }
    }

    private static func outcome(_ r: ExecutionRecord) -> GovernanceOutcome {
        GovernanceOutcome(event: .executed(r), audit: AuditRecord(
            at: r.at, actor: "fleetdeck", action: "action.executed", subject: r.requestID, reason: "\(r.phase) of the approved plan",
            before: r.command, after: "exit \(r.exitCode.map(String.init) ?? "?"): \(r.output)"), message: "ran \(r.command)")
    }

    /// A webhook body: its alerts and the feed's status; false when the body was discarded (answered 400 so that
    /// Alertmanager retries).
    private static func receive(_ body: Data, source: String, store: any EventStoring, fence: WriterFence) -> Bool {
        let now = Date().timeIntervalSince1970
        let parsed = AlertmanagerWebhook.parse(body, receivedAt: now)
        _ = try? store.append(AlertmanagerPayload.events(.success(parsed), new: true, feed: source, at: now, intervalSeconds: 60), fence: fence)
        return parsed.isAccepted
    }
}
