import FleetCore
import FleetFeeds
import FleetPanes
import FleetTUI
import Testing

/// The dashboard without a fleet yet draws its header and what it is loading, not a bare "no fleet yet".
@Suite struct LoadProgressTests {
    private func frame(_ progress: LoadProgress?, pane: Pane = .overview, role: String = "writer") -> [String] {
        let empty = FleetState()
        let ctx = FrameContext(state: empty, kpis: FleetKPIs.derive(from: empty, wallNow: 0), theme: Theme.builtinDefault, wallNow: 0,
                               role: role, readOnly: false, simulationSpeed: nil, notice: nil,
                               progress: progress)
        var ui = UIState()
        ui.pane = pane
        return Screen.compose(ui: ui, ctx: ctx, width: 160, height: 30).lines()
    }

    @Test func aNewSimulatedFleetShowsWhatIsBuiltAndForHowLong() {
        let lines = frame(LoadProgress(stage: .buildingFleet(gpus: 10_000, warmupMinutes: 480, minutesDone: nil), elapsedSeconds: 7.9))
        #expect(lines.contains { $0.contains("building a new simulated fleet: 10000 GPUs, fast-forwarding 480 fleet minutes before the first snapshot… 7 s") })
        #expect(!lines.contains { $0.contains("no fleet yet") })
        #expect(lines[0].contains("no fleet"), "the header is drawn too")
        #expect(!lines[0].contains("0 GPUs"), "no fleet is not a fleet of 0 GPUs")
        #expect(lines[1].contains("feeds loading") && lines[1].contains("policy: loading"),
                "while loading, the header does not claim there is no feed and no policy")
    }

    @Test func aWarmUpThatReportedSaysWhichMinuteOfHowMany() {
        let line = LoadProgress(stage: .buildingFleet(gpus: 100_000, warmupMinutes: 480, minutesDone: 212), elapsedSeconds: 20).line
        #expect(line == "building a new simulated fleet: 100000 GPUs, fleet minute 212 of 480 (44 %)… 20 s")
    }

    @Test func aWarmUpPastItsLastMinuteSaysItStoresTheFleet() {
        let progress = LoadProgress(stage: .buildingFleet(gpus: 50_000, warmupMinutes: 480, minutesDone: 480), elapsedSeconds: 14)
        #expect(progress.line == "built a new simulated fleet: 50000 GPUs, 480 fleet minutes; storing the fleet's KPI history and first snapshot… 14 s")
        #expect(progress.headerText == "warming up: storing the fleet's KPI history and first snapshot · decisions open once it is stored")
    }

    @Test func withoutAFleetOnScreenTheHeaderLeavesTheMinuteToTheBody() {
        let lines = frame(LoadProgress(stage: .buildingFleet(gpus: 10_000, warmupMinutes: 480, minutesDone: 12), elapsedSeconds: 1))
        #expect(lines[1].contains("feeds loading") && !lines[1].contains("minute"))
        #expect(lines.contains { $0.contains("fleet minute 12 of 480 (2 %)") })
    }

    @Test("every pane shows what is loading, not an empty list", arguments: Pane.allCases)
    func everyPaneShowsTheProgress(pane: Pane) {
        let lines = frame(LoadProgress(stage: .buildingFleet(gpus: 10_000, warmupMinutes: 480, minutesDone: nil), elapsedSeconds: 3), pane: pane)
        #expect(lines.contains { $0.contains("building a new simulated fleet: 10000 GPUs") })
        #expect(!lines.contains { $0.contains("no jobs reported") })
    }

    @Test func openingAStoreNamesItsSizeAndCleansThePath() {
        let line = LoadProgress(stage: .openingStore(path: "/tmp/a\u{1B}[2Jb.sqlite", fileBytes: 300 << 20), elapsedSeconds: 0).line
        #expect(line == "opening store /tmp/ab.sqlite (300 MB): reading the newest snapshot and the events after it… 0 s")
    }

    @Test func withoutProgressTheOverviewStillSaysItWaitsForAFeed() {
        #expect(frame(nil).contains { $0.contains("no fleet yet: waiting for a feed to report nodes and GPUs") })
        #expect(frame(nil)[1].contains("feeds none live yet") && frame(nil)[1].contains("policy: none"))
        #expect(frame(LoadProgress(stage: .waitingForWriter, elapsedSeconds: 2)).contains {
            $0.contains("waiting for the writer to store the first fleet state… 2 s")
        })
    }

    @Test func aFollowerSaysWhichMinuteTheWritersWarmUpIsAt() {
        let lines = frame(LoadProgress(stage: .writerWarmingUp(minutesDone: 212, warmupMinutes: 480), elapsedSeconds: 9.5), role: "follower")
        #expect(lines.contains { $0.contains("waiting for the writer: warming up, fleet minute 212 of 480 (44 %)… 9 s") })
        #expect(lines[1].contains("feeds loading") && lines[1].contains("follower"))
    }

    @Test func aStoreLostBeforeAFleetArrivedIsSaidOnceWithNothingLeftLoading() {
        let lines = frame(LoadProgress(stage: .storeLost(path: "/tmp/s\u{1B}[2J.sqlite"), elapsedSeconds: 30), role: "store lost")
        let body = lines.joined(separator: "\n")
        #expect(body.contains("store file /tmp/s.sqlite was deleted or replaced before a fleet arrived: nothing more is written or read; restart fleetdeck"))
        #expect(body.components(separatedBy: "deleted or replaced").count == 2, "said once")
        #expect(!body.contains("waiting for the writer") && !body.contains("loading"), "no wait that cannot end")
        #expect(lines[1].contains("feeds stopped") && lines[1].contains("policy: stopped · store lost"))
    }

    /// The header of a fleet being warmed up, 60 fleet seconds in, drawn with `progress`.
    private func warmingHeader(_ progress: LoadProgress?) -> String {
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 3, gpuCount: 48, teamCount: 2))
        var state = FleetState()
        state.apply(simulator.genesis())
        simulator.run(&state, until: simulator.config.epoch + 60)
        let ctx = FrameContext(state: state, kpis: FleetKPIs.derive(from: state, wallNow: state.now), theme: Theme.builtinDefault,
                               wallNow: state.now, role: "writer", readOnly: false, simulationSpeed: 30, notice: nil, progress: progress)
        return Screen.compose(ui: UIState(), ctx: ctx, width: 200, height: 30).lines()[0]
    }

    @Test func theFleetClockSaysTheWarmUpsMeasuredPaceNotTheSimulatorsSpeed() {
        // 30 fleet minutes in 4 wall seconds: 450 times the wall clock.
        let warming = warmingHeader(LoadProgress(stage: .buildingFleet(gpus: 48, warmupMinutes: 480, minutesDone: 30), elapsedSeconds: 4))
        #expect(warming.contains("fleet Mon 2026-11-02 00:01 (warming up ×450)  │"), "\(warming)")
        #expect(!warming.contains("sim ×"))
        let storing = warmingHeader(LoadProgress(stage: .buildingFleet(gpus: 48, warmupMinutes: 480, minutesDone: 480), elapsedSeconds: 9))
        #expect(storing.contains("(warming up: storing)"), "\(storing)")
        let starting = warmingHeader(LoadProgress(stage: .buildingFleet(gpus: 48, warmupMinutes: 480, minutesDone: 0), elapsedSeconds: 1))
        #expect(starting.contains("(warming up)"), "\(starting)")
        #expect(warmingHeader(nil).contains("(sim ×30)"), "once stored, the simulator's own speed")
    }

    @Test func aWarmingFleetIsDrawnWithTheMinuteInTheHeaderAndNoViewOnly() {
        let simulator = FleetSimulator(config: SimulatorConfig(seed: 3, gpuCount: 48, teamCount: 2))
        var state = FleetState()
        state.apply(simulator.genesis())
        simulator.run(&state, until: simulator.config.epoch + 60)
        let ctx = FrameContext(state: state, kpis: FleetKPIs.derive(from: state, wallNow: state.now), theme: Theme.builtinDefault,
                               wallNow: state.now, role: "writer", readOnly: false, simulationSpeed: 1, notice: nil,
                               identity: "nobody-with-a-role",
                               progress: LoadProgress(stage: .buildingFleet(gpus: 48, warmupMinutes: 480, minutesDone: 30), elapsedSeconds: 4))
        var ui = UIState()
        ui.pane = .gpus
        let lines = Screen.compose(ui: ui, ctx: ctx, width: 200, height: 30).lines()
        #expect(lines[0].contains("\(state.gpus.count) GPUs") && state.gpus.count > 0, "the fleet made so far is in the header")
        #expect(lines[1].contains("feeds warming up: fleet minute 30 of 480 (6 %) · decisions open once it is stored"))
        #expect(!lines[1].contains("view only"), "the policy on screen is not yet the stored fleet's")
        #expect(!lines.contains { $0.contains("building a new simulated fleet") }, "the pane is drawn, not the loading line")
    }
}
