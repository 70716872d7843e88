import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

@Suite("Trace replay")
struct TraceReplayTests {
    static let alibaba = SharedData.url("traces/alibaba-v2023_openb_pod_list_default.csv")

    @Test("the whole Alibaba openb trace replays: counts equal the CSV, every started pod is placed on an allowed model",
          .enabled(if: alibaba != nil, "../shared/data/traces absent"))
    func alibabaTrace() throws {
        let path = try #require(Self.alibaba).path
        let trace = try TraceLoader.load(path: path).get()
        #expect(trace.jobs.count == 8152)
        #expect(trace.nodes.count == 1213)
        #expect(trace.nodes.reduce(0) { $0 + $1.gpus } == 6212)
        #expect(trace.problems.isEmpty)
        #expect(trace.jobs.count { $0.start == nil } == 897)  // pod_phase Pending
        #expect(trace.jobs.count { $0.gpuMilli > 0 && $0.gpuMilli < 1000 } > 0)
        var replayer = TraceReplayer(trace: trace, epoch: 1_000_000)
        var state = FleetState()
        state.apply(replayer.genesis(policy: SimulatedOrg.demoPolicy()))
        let events = replayer.events(upTo: .infinity)
        state.apply(events)
        #expect(replayer.finished)
        #expect(replayer.unplaced == 0)
        #expect(state.jobTotals.submitted == 8152)
        #expect(state.jobTotals.failed == 1870)
        // Every start names GPUs of a model the pod's gpu_spec allows.
        let byID = Dictionary(uniqueKeysWithValues: trace.jobs.map { ($0.id, $0) })
        for case .jobStarted(let id, _, let gpus) in events {
            let job = try #require(byID[id])
            #expect(gpus.count == job.gpus)
            guard !job.models.isEmpty else { continue }
            for g in gpus {
                let node = state.nodes[Int(state.gpus.node[Int(g)])]
                #expect(job.models.contains(state.fleet.models[node.model].name), "\(id) on \(node.name)")
            }
        }
    }

    private func trace(_ jobs: [ReplayTrace.Job], nodes: [ReplayTrace.Node]) -> ReplayTrace {
        ReplayTrace(name: "t", nodes: nodes, jobs: jobs)
    }

    private func job(_ id: String, gpus: Int, milli: Int = 1000, models: [String] = [], submit: Double, start: Double?,
                     end: Double?) -> ReplayTrace.Job {
        ReplayTrace.Job(id: id, team: "a", priorityClass: "training", gpus: gpus, gpuMilli: gpus > 0 ? milli : 0,
                        models: models, submit: submit, start: start, end: end, outcome: .completed)
    }

    @Test("creation submits, scheduling starts, deletion ends; ends free GPUs before starts at the same time")
    func lifecycle() {
        let t = trace([job("a", gpus: 2, submit: 0, start: 10, end: 20), job("b", gpus: 2, submit: 5, start: 20, end: nil),
                       job("c", gpus: 1, submit: 6, start: nil, end: 30)],
                      nodes: [.init(name: "n", gpus: 2, model: "T4")])
        var r = TraceReplayer(trace: t, epoch: 100)
        var state = FleetState()
        state.apply(r.genesis(policy: SimulatedOrg.demoPolicy()))
        state.apply(r.events(upTo: 110))
        #expect(state.job(id: "a")?.state == .running)
        #expect(state.job(id: "b")?.state == .pending)
        state.apply(r.events(upTo: 120))
        #expect(state.job(id: "a") == nil)
        #expect(state.job(id: "b")?.gpuIndices == [0, 1])
        state.apply(r.events(upTo: 200))
        #expect(state.recentFinishedJobs.last?.state == .cancelled)  // c never started
        #expect(r.finished && r.unplaced == 0)
    }

    @Test("a pod deleted when it was created, or ended when it started, does not stay live")
    func zeroLength() throws {
        let t = trace([job("p", gpus: 1, submit: 50, start: nil, end: 50), job("r", gpus: 1, submit: 40, start: 60, end: 60)],
                      nodes: [.init(name: "n", gpus: 2, model: "T4")])
        var r = TraceReplayer(trace: t, epoch: 0)
        var state = FleetState()
        state.apply(r.genesis(policy: SimulatedOrg.demoPolicy()))
        state.apply(r.events(upTo: 100))
        #expect(state.job(id: "p") == nil && state.job(id: "r") == nil)
        #expect(state.recentFinishedJobs.map(\.id).sorted() == ["p", "r"])
        #expect(state.recentFinishedJobs.first { $0.id == "p" }?.state == .cancelled)

        let csv = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n"
            + "openb-pod-7285,8000,30517,1,230,,BE,Pending,12774042,12774042,\n"
        var alibaba = TraceReplayer(trace: try AlibabaTrace.parse(pods: csv, nodes: nil, name: "t").get(), epoch: 0)
        var s2 = FleetState()
        s2.apply(alibaba.genesis(policy: SimulatedOrg.demoPolicy()))
        s2.apply(alibaba.events(upTo: 12_774_043))
        #expect(s2.job(id: "openb-pod-7285") == nil)
    }

    @Test("fractional pods share a GPU until its milli-GPUs are used; gpu_spec restricts the models")
    func fractionalAndModels() {
        let t = trace([job("x", gpus: 1, milli: 600, submit: 0, start: 1, end: nil),
                       job("y", gpus: 1, milli: 400, submit: 0, start: 2, end: nil),
                       job("z", gpus: 1, milli: 500, submit: 0, start: 3, end: nil),
                       job("v", gpus: 1, models: ["V100M32"], submit: 0, start: 4, end: nil)],
                      nodes: [.init(name: "t4", gpus: 2, model: "T4"), .init(name: "v", gpus: 1, model: "V100M32")])
        var r = TraceReplayer(trace: t, epoch: 0)
        let starts = r.events(upTo: 10).compactMap { e -> [Int32]? in
            if case .jobStarted(_, _, let g) = e { return g }
            return nil
        }
        #expect(starts == [[0], [0], [1], [2]])
    }

    @Test("the generic CSV: any column order, ISO 8601 or seconds, empty start never ran; bad rows named by line")
    func genericCSV() throws {
        let csv = """
            priority,team,gpus,gpu_model,submit,start,end,id
            training,vision,4,H100,2026-01-01T00:00:00Z,2026-01-01T00:10:00Z,2026-01-01T01:00:00Z,j1
            research,nlp,2,,1767225900,,,j2
            training,nlp,x,H100,5,6,7,j3
            """
        let t = try GenericTrace.parse(csv, name: "site").get()
        #expect(t.jobs.map(\.id) == ["j1", "j2"])
        #expect(t.jobs[0].start == 600 && t.jobs[0].end == 3600)
        #expect(t.jobs[1].submit == 300 && t.jobs[1].start == nil)
        #expect(t.problems == ["line 4: submit and gpus are required numbers"])
        #expect(t.nodes.map(\.model) == ["H100"])
        #expect(t.nodes.first?.gpus == 4)
        guard case .failure(let e) = GenericTrace.parse("team,submit\nx,1\n", name: "t") else { Issue.record("parsed"); return }
        #expect(e.message.contains("lacks start, end, gpus, gpu_model, priority"))
    }

    @Test("an Alibaba pod list with a wrong header or bad rows says where")
    func alibabaErrors() throws {
        guard case .failure(let e) = AlibabaTrace.parse(pods: "a,b,c\n1,2,3\n", nodes: nil, name: "x") else {
            Issue.record("parsed"); return
        }
        #expect(e.line == 1)
        let pods = AlibabaTrace.podHeader.joined(separator: ",") + "\np1,1,1,1,1000,,LS,Running,0,10,0\np2,1,1,?,1000,,LS,Running,0,10,0\n"
        let t = try AlibabaTrace.parse(pods: pods, nodes: "sn,cpu_milli,memory_mib,gpu,model\nn1,1,1,8,T4\n", name: "x").get()
        #expect(t.jobs.count == 1 && t.jobs[0].priorityClass == "prod-inference")
        #expect(t.problems == ["line 3: missing name, num_gpu or creation_time"])
        #expect(t.nodes == [.init(name: "n1", gpus: 8, model: "T4")])
    }
}
