import FleetCore
import FleetPanes
import FleetWriter

/// Loads `:review`'s pack off the UI thread: when the pane asks for another period, comparison or "as of" hour, the
/// rollups are read and the pack derived once on a thread of its own; the dashboard loop takes the answer on a later
/// turn and hands it to frames (`FrameContext.review`), which never read the store.
final class ReviewLoader {
    private let call = BackgroundCall<ReviewPack>()
    /// What the running call loads.
    private var running: ReviewRequest?
    /// The newest load: what frames show.
    private(set) var load: ReviewLoad?

    /// Takes a finished load, and starts loading `request` unless it is the one shown or being loaded; true when
    /// `load` changed (the frame is to be drawn again).
    func update(_ request: ReviewRequest, session: Session) -> Bool {
        var changed = false
        if let asked = running, let answer = call.take() {
            running = nil
            load = Self.outcome(of: answer, for: asked)
            changed = true
        }
        guard running == nil, load?.request != request else { return changed }
        let store = session.store, targets = ReviewTargets(state: session.state)
        running = request
        load = .loading(request)
        call.start { try ReviewHistory.pack(period: request.period, compare: request.compare, asOf: request.asOf, targets: targets, in: store) }
        return true
    }

    /// `request` loaded on this thread (`snapshot`: there is no frame to keep moving).
    static func loadNow(_ request: ReviewRequest, session: Session) -> ReviewLoad {
        outcome(of: Result {
            try ReviewHistory.pack(period: request.period, compare: request.compare, asOf: request.asOf,
                                   targets: ReviewTargets(state: session.state), in: session.store)
        }, for: request)
    }

    private static func outcome(of answer: Result<ReviewPack, any Error>, for request: ReviewRequest) -> ReviewLoad {
        switch answer {
        case .success(let pack): .ready(request, pack)
        case .failure(let error): .failed(request, "\(error)")
        }
    }
}
