import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

@Suite("Slurm JSON, small documents")
struct SlurmParsingTests {
    private func parse(_ text: String) -> Result<SchedulerSnapshot, SchedulerParseError> { SlurmJSON.parse(Data(text.utf8)) }

    private func job(_ fields: String) -> String {
        #"{"meta": {"plugin": {"data_parser": "data_parser/v0.0.43"}}, "jobs": [{\#(fields)}]}"#
    }

    @Test("numbers come plain, quoted, or as {set, infinite, number}; unset is nil")
    func numberShapes() throws {
        let doc = job(#""job_id": 7, "job_state": ["PENDING"], "priority": {"set": true, "infinite": false, "number": 4242},"#
            + #" "submit_time": {"set": false, "infinite": false, "number": 0}, "start_time": "1700000000""#)
        let j = try #require(try parse(doc).get().jobs?.first)
        #expect(j.priority == 4242)
        #expect(j.submittedAt == nil)
        #expect(j.startedAt == 1_700_000_000)
    }

    @Test("job_state as a string or a list with flags; unknown states are a named error")
    func states() throws {
        let a = try #require(try parse(job(#""job_id": 1, "job_state": "RUNNING""#)).get().jobs?.first)
        #expect(a.state == .running)
        let b = try #require(try parse(job(#""job_id": 1, "job_state": ["COMPLETING", "REQUEUED"]"#)).get().jobs?.first)
        #expect(b.state == .running)
        let bad = try parse(job(#""job_id": 9, "job_state": ["WIBBLE"]"#)).get()
        #expect(bad.jobs?.isEmpty == true)
        #expect(bad.problems == ["jobs[0]: job 9: job_state WIBBLE cannot be mapped (data_parser v0.0.43)"])
    }

    @Test("a job without job_id is skipped with an error naming it and the version; the rest is used")
    func missingID() throws {
        let doc = #"{"meta": {"plugin": {"name": "Slurm OpenAPI v0.0.38"}}, "jobs": [{"name": "x", "job_state": "PENDING"},"#
            + #" {"job_id": 2, "job_state": "PENDING", "unknown_field": {"deep": [1, {"a": "}"}]}}]}"#
        let s = try parse(doc).get()
        #expect(s.jobs?.map(\.id) == ["2"])
        #expect(s.problems == ["jobs[0]: job without job_id (data_parser v0.0.38)"])
    }

    @Test("GPUs from tres_alloc_str, tres_req_str, tres_per_job and tres_per_node × nodes, with the type")
    func gpuFields() throws {
        func gpus(_ fields: String) throws -> (Int, String?) {
            let j = try #require(try parse(job(#""job_id": 1, "#+fields)).get().jobs?.first)
            return (j.gpus, j.gpuModel)
        }
        #expect(try gpus(#""job_state": "RUNNING", "tres_alloc_str": "cpu=2,gres/gpu:h100=4,gres/gpu=4""#) == (4, "H100"))
        #expect(try gpus(#""job_state": "PENDING", "tres_req_str": "cpu=2,gres/gpu=3""#) == (3, nil))
        #expect(try gpus(#""job_state": "PENDING", "tres_per_job": "gres/gpu:a100:2""#) == (2, "A100"))
        #expect(try gpus(#""job_state": "PENDING", "tres_per_node": "gres:gpu:8", "node_count": {"set": true, "number": 2}"#)
                == (16, nil))
        #expect(try gpus(#""job_state": "PENDING", "tres_per_node": "gres/gpu""#) == (1, nil))
        #expect(try gpus(#""job_state": "PENDING""#) == (0, nil))
    }

    @Test("a pending array record stands for each of its tasks; started tasks and het components keep their ids")
    func arraysAndHet() throws {
        let doc = #"{"jobs": ["#
            + #"{"job_id": 100, "array_job_id": 100, "array_task_id": null, "array_task_string": "3-5,9", "job_state": "PENDING"},"#
            + #"{"job_id": 101, "array_job_id": 100, "array_task_id": 1, "job_state": "RUNNING"},"#
            + #"{"job_id": 201, "het_job_id": 200, "het_job_offset": 1, "job_state": "PENDING"}]}"#
        let ids = try #require(try parse(doc).get().jobs).map(\.id)
        #expect(ids == ["100_3", "100_4", "100_5", "100_9", "100_1", "200+1"])
    }

    @Test("sacct's nested state, time, array and tres objects")
    func accountingShape() throws {
        let doc = #"{"jobs": [{"job_id": 5, "state": {"current": ["FAILED"], "reason": "NonZeroExitCode"},"#
            + #" "time": {"submission": 100, "start": 160, "end": 400}, "array": {"job_id": 0, "task_id": {"set": false}},"#
            + #" "tres": {"requested": [{"type": "gres", "name": "gpu", "count": 2}],"#
            + #" "allocated": [{"type": "cpu", "count": 4}, {"type": "gres", "name": "gpu:h100", "count": 2}]}}]}"#
        let s = try parse(doc).get()
        #expect(s.kind == "sacct")
        let j = try #require(s.accountingJobs?.first)
        #expect(j.state == .failed)
        #expect(j.reason == "NonZeroExitCode")
        #expect((j.submittedAt, j.startedAt, j.endedAt) == (100, 160, 400))
        #expect(j.gpus == 2)
        #expect(j.gpuModel == "H100")
    }

    @Test("control characters and escapes in names never reach the state")
    func controlCharacters() throws {
        let j = try #require(try parse(job(#""job_id": 1, "job_state": "PENDING", "name": "evil\u001b[31mred\n\"q\"""#)).get().jobs?.first)
        #expect(!j.name.contains("\u{1b}"))
        #expect(!j.name.contains("\n"))
        #expect(j.name.contains("\"q\""))
    }

    @Test("broken JSON fails with the line where it broke; non-Slurm JSON is refused")
    func brokenDocuments() {
        guard case .failure(let e) = parse("{\n\"jobs\": [\n{\"job_id\": 1,\n") else { Issue.record("parsed"); return }
        #expect(e.line == 4)
        guard case .failure(let other) = parse(#"{"hello": "world"}"#) else { Issue.record("parsed"); return }
        #expect(other.message.contains("no jobs, nodes, sinfo"))
        guard case .failure(let empty) = parse("") else { Issue.record("parsed"); return }
        #expect(empty.message == "expected an object")
        guard case .failure(let trailing) = parse(#"{"jobs": []} x"#) else { Issue.record("parsed"); return }
        #expect(trailing.message.contains("after the document"))
    }

    @Test("Slurm's own errors array is reported as a problem")
    func slurmErrors() throws {
        let s = try parse(#"{"jobs": [], "errors": [{"error": "Unable to query", "description": "Access denied"}]}"#).get()
        #expect(s.problems.first?.contains("Slurm says: Unable to query: Access denied") == true)
    }

    @Test("host lists and array task strings")
    func hostLists() {
        #expect(HostList.expand("gpu[01-03,07],login1") == ["gpu01", "gpu02", "gpu03", "gpu07", "login1"])
        #expect(HostList.expand("a[1-2]-ib") == ["a1-ib", "a2-ib"])
        #expect(HostList.expand("") == [])
        #expect(HostList.expand("n[1-999999999]", limit: 5).count == 5)
        #expect(HostList.taskIDs("1-7:3,10%2") == [1, 4, 7, 10])
    }

    @Test("node states fold drain and down, with the reason object of newer versions")
    func nodeStates() throws {
        let doc = #"{"nodes": [{"name": "a", "state": ["IDLE", "DRAIN"], "reason": {"description": "bad fan"}, "gres": "gpu:h100:8(S:0-1)","#
            + #" "gres_used": "gpu:h100:3(IDX:0-2)"}, {"name": "b", "state": "down*", "gres": "gpu:2"}, {"name": "c", "state": "mixed"}]}"#
        let nodes = try #require(try parse(doc).get().nodes)
        #expect(nodes.map(\.state) == [.drain, .down, .up])
        #expect(nodes[0].reason == "bad fan")
        #expect((nodes[0].gpus, nodes[0].gpusAllocated, nodes[0].gpuModel) == (8, 3, "H100"))
        #expect(nodes[1].gpus == 2)
    }
}
