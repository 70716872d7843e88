import FleetCore
import FleetFeeds
import FleetPanes
import FleetStore
import FleetTUI
import FleetWriter
import Foundation

/// A new simulated store as the dashboard makes it: a writer loop on an empty store runs the simulator's warm-up of
/// `minutes` fleet minutes, asking for a copy of the fleet made so far every `Session.warmUpPreviewInterval` (2 s) as
/// the dashboard does. Returns the seconds to the first composed frame that shows a fleet (a copy from the warm-up,
/// KPIs derived, one overview frame) and to the stored fleet (warm-up, 90 days of KPI history, first snapshot).
func newStoreFirstFleetFrame(gpus: Int, teams: Int, minutes: Int, in directory: URL) throws -> (firstFrame: Double, stored: Double) {
    let store = try EventStore(path: directory.appendingPathComponent("warm-up.sqlite").path)
    let start = DispatchTime.now().uptimeNanoseconds
    let elapsed = { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    guard let fence = try store.takeWriterLease(owner: "fleetbench", now: Date(), ttl: 600) else { throw WarmUpBenchError.leaseHeld }
    let simulator = FleetSimulator(config: SimulatorConfig(seed: 1, gpuCount: gpus, teamCount: teams))
    let feed = SimulatorFeed(simulator: simulator, speed: 1, warmupSeconds: Double(minutes) * 60)
    let loop = WriterLoop(lease: LeaseKeeper(store: store, owner: "fleetbench", fence: fence, ttl: 600), state: FleetState(),
                          lastEventID: 0, feeds: [feed], now: Date().timeIntervalSince1970, snapshotInterval: .infinity)
    let (theme, _) = Theme.load(nameOrPath: "default", searchDirectories: [])
    var firstFrame: Double?
    var lastRequest = -Double.infinity
    while loop.isWarmingUp {
        if elapsed() - lastRequest >= 2 {
            loop.requestWarmUpPreview()
            lastRequest = elapsed()
        }
        if firstFrame == nil, let preview = loop.warmUpPreview {
            let kpis = FleetKPIs.derive(from: preview, wallNow: preview.now)
            let ctx = FrameContext(state: preview, kpis: kpis, theme: theme, wallNow: preview.now, role: "writer", readOnly: false,
                                   simulationSpeed: 1, notice: nil,
                                   progress: LoadProgress(stage: .buildingFleet(gpus: gpus, warmupMinutes: minutes,
                                                                                minutesDone: loop.warmUpMinutesDone),
                                                          elapsedSeconds: elapsed()))
            let frame = Screen.compose(ui: UIState(), ctx: ctx, width: 160, height: 50)
            guard frame.width == 160 else { throw WarmUpBenchError.noFrame }
            firstFrame = elapsed()
        }
        loop.turn(now: Date().timeIntervalSince1970)
        Thread.sleep(forTimeInterval: 0.01)
    }
    guard let firstFrame, loop.state.gpus.count == gpus else { throw WarmUpBenchError.noFleet(loop.lastError ?? "none") }
    return (firstFrame, elapsed())
}

private enum WarmUpBenchError: Error, CustomStringConvertible {
    case leaseHeld, noFrame
    case noFleet(String)

    var description: String {
        switch self {
        case .leaseHeld: "the new store's writer lease is held"
        case .noFrame: "no frame composed"
        case .noFleet(let error): "the warm-up made no fleet (last error: \(error))"
        }
    }
}
