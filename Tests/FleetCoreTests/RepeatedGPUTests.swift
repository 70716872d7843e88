import Testing
@testable import FleetCore

/// A job start that lists a GPU twice takes it once, and the repeat counts as the next reporting feed's bad input.
@Suite("A GPU listed twice in a job start")
struct RepeatedGPUTests {
    @Test("taken once: holdings, allocated GPUs and $/h count it once; the next feed status counts the problem")
    func countedOnce() throws {
        var s = BookkeepingRandomTests.state()  // GPUs 0 and 1: H100 on-prem at $2/h
        let t0 = s.now
        s.apply(Fixture.submit("a", gpus: 2, at: t0))
        s.apply(.jobStarted(id: "a", at: t0 + 1, gpus: [0, 0, 1, 0]))
        let job = try #require(s.job(id: "a"))
        #expect(job.gpuIndices == [0, 1])
        #expect(s.teamUsage[0].allocatedGPUs == 2)
        #expect(s.teamUsage[0].costPerHour == 4)
        #expect(s.teamHoldings?.held(team: 0, pool: 0, model: 0) == 2)
        #expect(s.runningCosts == RunningCostSums.count(s))
        #expect(s.unreportedInputProblems == InputProblems(count: 2, first: "job a started on GPU 0 more than once: counted once"))

        s.apply(.feedStatus(FeedStatus(name: "slurm", kind: "slurm", at: t0 + 2, intervalSeconds: 30, ok: true, problems: 0)))
        #expect(s.unreportedInputProblems == nil)
        #expect(s.feeds.map(\.problemCount) == [2])
        #expect(s.feeds.map(\.lastProblem) == ["job a started on GPU 0 more than once: counted once"])

        // Ended, it gives both back and leaves nothing held.
        s.apply(.jobEnded(id: "a", at: t0 + 3601, outcome: .completed))
        #expect(s.teamUsage[0].allocatedGPUs == 0)
        #expect(s.teamUsage[0].costPerHour == 0)
        #expect(s.teamHoldings?.held(team: 0, pool: 0, model: 0) == 0)
        #expect(s.gpus.allocatedSlot[0] == -1 && s.gpus.allocatedSlot[1] == -1)
    }

    @Test("a feed's own problems and the reducer's add up; a clean start leaves nothing to report")
    func addsToParserProblems() {
        var s = BookkeepingRandomTests.state()
        let t0 = s.now
        s.apply(Fixture.submit("a", gpus: 1, at: t0))
        s.apply(Fixture.submit("b", gpus: 2, at: t0))
        s.apply(.jobStarted(id: "a", at: t0 + 1, gpus: [2, 2]))
        s.apply(.feedStatus(FeedStatus(name: "slurm", kind: "slurm", at: t0 + 2, intervalSeconds: 30, ok: true,
                                       problems: 3, firstProblem: "line 4: bad number")))
        #expect(s.feeds.map(\.problemCount) == [4])
        #expect(s.feeds.map(\.lastProblem) == ["line 4: bad number"])
        s.apply(.jobStarted(id: "b", at: t0 + 3, gpus: [0, 1]))
        #expect(s.unreportedInputProblems == nil)
        s.apply(.feedStatus(FeedStatus(name: "slurm", kind: "slurm", at: t0 + 4, intervalSeconds: 30, ok: true, problems: 0)))
        #expect(s.feeds.map(\.problemCount) == [4])
        #expect(s.feeds.map(\.lastProblem) == [nil])
    }
}
