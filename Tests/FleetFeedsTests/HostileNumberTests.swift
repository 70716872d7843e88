import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

/// Numbers and sizes from outside are range-checked where they are read, with a located error.
@Suite("Hostile input: numbers and sizes")
struct HostileNumberTests {
    static func policy(monthly: String = "1000", nominal: String = "8", sla: String = "5m", price: String = "2",
                       term: String = "1y", warn: String = "0.8") -> String {
        """
        organisation: x
        departments:
          - name: d
            teams:
              - name: t
                budget: {monthly: \(monthly), warn_at: \(warn)}
                quota: [{nominal: \(nominal)}]
        priority_classes:
          - {name: c, queue_wait_sla: \(sla)}
        prices:
          - {model: H100, purchase: reserved, region: r, per_gpu_hour: \(price), term: \(term)}
        """
    }

    private func errors(_ text: String) -> [String] {
        guard case .failure(let list) = PolicyFile.parse(text, file: "p.yaml") else { return [] }
        return list.errors.map(\.description)
    }

    @Test("out-of-range policy numbers are located errors; extreme values inside the caps pass")
    func policyNumbers() throws {
        #expect(errors(Self.policy(nominal: "1e19")) == ["p.yaml:7: departments[0].teams[0].quota[0].nominal: must be ≤ 100000"])
        #expect(errors(Self.policy(sla: "1e19s")) == ["p.yaml:9: priority_classes[0].queue_wait_sla: must be at most 365d"])
        #expect(errors(Self.policy(price: "1e17")) == ["p.yaml:11: prices[0].per_gpu_hour: must be ≤ 10000"])
        #expect(errors(Self.policy(monthly: "1e309")) == ["p.yaml:6: departments[0].teams[0].budget.monthly: expected a finite number"])
        #expect(errors(Self.policy(monthly: "1e13")) == ["p.yaml:6: departments[0].teams[0].budget.monthly: must be ≤ 1000000000000"])
        #expect(errors(Self.policy(term: "99999999999999999y")).first?.contains("at most 10y") == true)
        #expect(errors(Self.policy(warn: "1e300")).first?.contains("must be ≤ 10") == true)
        #expect(errors(Self.policy(monthly: "1e-300")) == ["p.yaml:6: departments[0].teams[0].budget.monthly: must be 0 (no budget) or at least $1"])
        let loaded = try PolicyFile.parse(Self.policy(monthly: "1", nominal: "100000", sla: "365d", price: "10000"), file: "p").get()
        #expect(loaded.org.teams.first?.monthlyBudget == 1)
        #expect(try PolicyFile.parse(Self.policy(monthly: "0"), file: "p").get().org.teams.first?.monthlyBudget == 0)
    }

    @Test("Slurm job ids, array ids and GPU counts past their range are a problem with the job, not a trap")
    func slurmNumbers() throws {
        let doc = #"{"jobs": [{"job_id": 1e19, "job_state": "PENDING"}, {"job_id": 5, "job_state": "PENDING", "array_job_id": -1e300, "array_task_id": -1e300},"#
            + #" {"job_id": 6, "job_state": "PENDING", "tres_req_str": "gres/gpu:a=9223372036854775807,gres/gpu:b=9223372036854775807"},"#
            + #" {"job_id": 7, "job_state": "PENDING", "submit_time": 1e300}]}"#
        let snapshot = try SlurmJSON.parse(Data(doc.utf8)).get()
        #expect(snapshot.jobs?.map(\.id) == ["5", "7"])
        #expect(snapshot.jobs?.last?.submittedAt == nil)
        #expect(snapshot.problems.contains { $0.contains("job_id 1e+19 is not a Slurm job id") })
        #expect(snapshot.problems.contains { $0.contains("job 6 asks for more than 100000 GPUs") })
    }

    @Test("a node reporting 100,000,000 GPUs is left out with a problem; the fleet is capped too")
    func hugeNodes() throws {
        let doc = #"{"nodes": [{"name": "n1", "gres": "gpu:h100:100000000"}, {"name": "n2", "gres": "gpu:h100:8"}]}"#
        let snapshot = try SlurmJSON.parse(Data(doc.utf8)).get()
        #expect(snapshot.nodes?.map(\.name) == ["n2"])
        #expect(snapshot.problems.first?.contains("a node may have at most 1024") == true)
        let many = (0..<200).map { #"{"name": "m\#($0)", "gres": "gpu:h100:1000"}"# }.joined(separator: ",")
        let capped = try SlurmJSON.parse(Data(#"{"nodes": [\#(many)]}"#.utf8)).get()
        #expect(capped.nodes?.count == 100)
        #expect(capped.problems.contains { $0.contains("100 nodes left out") })
    }

    @Test("host and array task ranges at the edge of Int do not overflow")
    func ranges() {
        #expect(HostList.expand("n[9223372036854775807]") == ["n9223372036854775807"])
        #expect(HostList.taskCount("-9223372036854775807-9223372036854775807") == 0)
        #expect(HostList.taskIDs("4294967290-4294967295:9223372036854775807") == [4_294_967_290])
        // Ranges with no bounds at all (found by a 30-minute fuzz run): skipped, not an index out of range.
        #expect(HostList.expand("ia~21[-]s,n[1-2]") == ["n1", "n2"])
        #expect(HostList.expand("a[-,3]") == ["a3"])
        #expect(HostList.taskCount("1,:,4-5") == 3)
        #expect(HostList.taskIDs(":") == [])
    }

    @Test("a trace row with 100,000,000 GPUs or a time of 1e300 is a problem; the sized fleet stays small")
    func traceSizes() throws {
        let csv = "team,submit,start,end,gpus,gpu_model,priority\na,0,0,10,100000000,H100,p\na,1e300,,,1,H100,p\na,5,5,9,2,H100,p\n"
        let trace = try GenericTrace.parse(csv, name: "t").get()
        #expect(trace.jobs.count == 1)
        #expect(trace.nodes.map(\.gpus) == [2])
        #expect(trace.problems.first == "line 2: 100000000 GPUs; a job may have at most 100000")
        let wide = "team,submit,start,end,gpus,gpu_model,priority\n" + (0..<3).map { _ in "a,0,0,10,60000,H100,p" }.joined(separator: "\n")
        guard case .failure(let error) = GenericTrace.parse(wide, name: "t") else { Issue.record("accepted"); return }
        #expect(error.message.contains("a fleet may have at most 100000"))
    }

    @Test("inputs past their size cap are refused before parsing, naming the cap")
    func sizeCaps() {
        let big = String(repeating: "#\n", count: InputLimits.Format.policy.maxBytes / 2 + 1)
        #expect(errors(big).first?.contains("too large: at most 4 MiB of a policy file is read") == true)
        #expect(InputLimits.sizeProblem(300 << 20, .slurmJSON) == "300 MiB is too large: at most 256 MiB of Slurm JSON is read")
    }

    @Test("an XID value past Int16 is no XID (the state keeps an Int16)")
    func xidRange() {
        let r = readings(DCGMAccumulatorTests.line("DCGM_FI_DEV_GPU_UTIL", 0, "5") + DCGMAccumulatorTests.line("DCGM_FI_DEV_XID_ERRORS", 0, "1e300"))
        #expect(r.byUUID["GPU-a0"]?.lastXID == nil)
    }
}
