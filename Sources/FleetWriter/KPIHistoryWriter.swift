import FleetCore
import FleetStore

/// The writer's KPI history: observes its state after each turn and, as each fleet hour closes, stores the hour's
/// rollups, refolds that day's and drops what is past retention; keeps the stored review context current.
final class KPIHistoryWriter {
    private var accumulator = KPIRollupAccumulator()
    private let retention: KPIRetention
    /// The teams' targets last stored in the review context, and the fleet minute they were last compared at.
    private var storedTargets: [ReviewTeamTarget]?
    private var checkedMinute: Int?
    /// The governance state's next decision number when the context was last stored: a change means a new decision.
    private var storedDecisionNumber: Int?
    /// Why the last write failed; nil once one succeeds.
    private(set) var lastFailure: String?
    /// Why a new store's backfilled history was not stored (it stays missing, so this is not cleared).
    var backfillFailure: String?

    init(retention: KPIRetention) {
        self.retention = retention
    }

    /// Continues from `accumulator` (a warm-up's, whose closed hours it stored itself).
    func adopt(_ accumulator: KPIRollupAccumulator) {
        self.accumulator = accumulator
    }

    /// Observes `state`; stores the hours it closed, and the review context when an hour closed or the targets changed
    /// (compared once a fleet minute).
    func observe(_ state: FleetState, store: any EventStoring, fence: WriterFence?) {
        let closed = accumulator.observe(state)
        let minute = Int(saturating: (state.now / 60).rounded(.down))
        // A new board decision is stored at once (checked every turn: one counter), so the report shows it.
        let decisionNumber = state.governance?.nextDecisionNumber ?? 1
        let newDecision = storedDecisionNumber.map { $0 != decisionNumber } ?? (decisionNumber > 1)
        let context = state.now <= 0 || (closed.isEmpty && minute == checkedMinute && !newDecision) ? nil : ReviewContext(state: state)
        checkedMinute = minute
        guard closed.first != nil || newDecision || (context != nil && context?.teams != storedTargets) else { return }
        do {
            if let hour = closed.first?.start {
                try KPIHistoryStore.save(hour: closed, hour: hour, in: store, fence: fence)
                try KPIHistoryStore.prune(at: hour, retention: retention, in: store)
            }
            if let context {
                try KPIHistoryStore.save(context, in: store, fence: fence)
                storedTargets = context.teams
                storedDecisionNumber = decisionNumber
            }
            lastFailure = nil
        } catch {
            lastFailure = "KPI history not stored: \(error)"
        }
    }
}
