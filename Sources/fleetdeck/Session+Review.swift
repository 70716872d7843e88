import FleetCore
import FleetPanes
import FleetWriter

/// Loads `:review`'s pack off the UI thread: when the pane asks for another period, comparison or "as of" hour, the
/// rollups are read and the pack derived once on a thread of its own, and the packs one period key away are loaded
/// next (`ReviewPackLoader`, a bounded cache), so a key usually finds its pack ready; the dashboard loop takes the
/// answer on a later turn and hands it to frames (`FrameContext.review`), which never read the store.
final class ReviewLoader {
    private var packs: ReviewPackLoader?
    /// The newest load: what frames show.
    private(set) var load: ReviewLoad?

    /// Shows the pack of `review`'s request when loaded (else loading), and keeps loading the packs one key away;
    /// true when `load` changed (the frame is to be drawn again).
    func update(_ review: ReviewSelection, session: Session) -> Bool {
        let request = ReviewRequest(review, fleetNow: session.state.now)
        let packs = self.packs ?? ReviewPackLoader(store: session.store)
        self.packs = packs
        if let load, load.request == request, !load.isLoading {
            packs.poll()
            return false
        }
        let ahead = ReviewRequest.oneKeyAway(from: review, fleetNow: session.state.now).map(\.packKey)
        let next: ReviewLoad = switch packs.pack(for: request.packKey, targets: ReviewTargets(state: session.state), ahead: ahead) {
        case .ready(let pack): .ready(request, pack)
        case .loading: .loading(request)
        case .failed(let message): .failed(request, message)
        }
        let changed = !(next.isLoading && load?.isLoading == true && load?.request == request)
        load = next
        return changed
    }

    /// `request` loaded on this thread (`snapshot`: there is no frame to keep moving).
    static func loadNow(_ request: ReviewRequest, session: Session) -> ReviewLoad {
        do {
            let pack = try ReviewHistory.pack(period: request.period, compare: request.compare, asOf: request.asOf,
                                              targets: ReviewTargets(state: session.state), in: session.store)
            return .ready(request, pack)
        } catch {
            return .failed(request, "\(error)")
        }
    }
}

extension ReviewRequest {
    /// The key of the pack this request shows.
    var packKey: ReviewPackKey { ReviewPackKey(period: period, compare: compare, asOf: asOf) }
}
