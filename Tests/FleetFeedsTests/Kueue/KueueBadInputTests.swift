import Foundation
import Testing
@testable import FleetFeeds

@Suite("Kueue bad input, quantities, source")
struct KueueBadInputTests {
    private func parse(_ text: String) -> Result<SchedulerSnapshot, SchedulerParseError> {
        KueueObjects.parse(Data(text.utf8))
    }

    @Test("garbage, non-objects and broken documents fail with a line")
    func garbage() {
        guard case .failure(let words) = parse("hello world") else { Issue.record("parsed"); return }
        #expect(words.line == 1 && words.message.contains("no Kubernetes objects"))
        guard case .failure(let empty) = parse("") else { Issue.record("parsed"); return }
        #expect(empty.message.contains("no Kubernetes objects"))
        guard case .failure(let json) = parse("{\n\"kind\": \"List\",\n\"items\": [\n{\"kind\": \n") else {
            Issue.record("parsed"); return
        }
        #expect(json.line >= 4)
        guard case .failure(let yaml) = parse("kind: ClusterQueue\nmetadata:\n  name: [unclosed\nspec: {}\n") else {
            Issue.record("parsed"); return
        }
        #expect(yaml.line >= 3 && yaml.message.contains("neither JSON nor YAML"))
        guard case .failure(let binary) = KueueObjects.parse(Data([0xFF, 0xFE, 0x00, 0x01, 0x80])) else {
            Issue.record("parsed"); return
        }
        #expect(binary.message.contains("neither JSON nor YAML"))
        guard case .failure(let plain) = parse("{\"hello\": \"world\"}") else { Issue.record("parsed"); return }
        #expect(plain.message.contains("no Kubernetes objects"))
    }

    @Test("objects of other schedulers are not Kueue objects")
    func otherSchedulers() {
        let volcano = """
        apiVersion: scheduling.volcano.sh/v1beta1
        kind: Queue
        metadata: {name: test}
        spec: {weight: 1}
        """
        guard case .failure(let e) = parse(volcano) else { Issue.record("parsed"); return }
        #expect(e.message == "not a Kueue object: Queue (scheduling.volcano.sh/v1beta1)")
        // Beside Kueue objects they are only skipped.
        guard case .success(let mixed) = parse(volcano + "\n---\nkind: Cohort\napiVersion: kueue.x-k8s.io/v1beta2\nmetadata: {name: c}\n")
        else { Issue.record("failed"); return }
        #expect(mixed.queues?.map(\.name) == ["c"] && mixed.skippedObjects == 1 && mixed.problems == [])
    }

    @Test("an object missing its name is skipped with kind, index, line and field; the rest is used")
    func missingName() throws {
        let text = """
        {"kind": "List", "apiVersion": "v1", "items": [
          {"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "ClusterQueue", "metadata": {}},
          {"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "ClusterQueue", "metadata": {"name": "ok"},
           "spec": {"resourceGroups": [{"flavors": [{"name": "f", "resources": [{"name": "nvidia.com/gpu", "nominalQuota": "lots"}]}]}]}},
          {"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "LocalQueue", "metadata": {"name": "lq", "namespace": "ns"}},
          {"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "Workload", "metadata": {"namespace": "ns"}},
          "not an object"
        ]}
        """
        guard case .success(let s) = parse(text) else { Issue.record("failed"); return }
        #expect(s.queues?.map(\.name) == ["ok"])
        #expect(s.queues?.first?.nominalGPUs == nil)
        #expect(s.jobs == [])
        #expect(s.localQueues == [:])
        #expect(s.problems.contains("items[4]: not an object"))
        #expect(s.problems.contains("items[0] ClusterQueue (line 2): missing metadata.name; skipped"))
        #expect(s.problems.contains(#"items[1] ClusterQueue "ok" (line 3): spec.resourceGroups[0].flavors[0].resources[0].nominalQuota: 'lots' is not a quantity"#))
        #expect(s.problems.contains(#"items[2] LocalQueue "lq" (line 5): missing spec.clusterQueue; skipped"#))
        #expect(s.problems.contains("items[3] Workload (line 6): missing metadata.name; skipped"))
        #expect(s.problems.count == 5)
    }

    @Test("control characters are stripped from names and reasons")
    func controlCharacters() throws {
        let text = #"""
        {"apiVersion": "kueue.x-k8s.io/v1beta1", "kind": "Workload",
         "metadata": {"name": "evil\u001b[31m-wl", "namespace": "n\u0007s"},
         "spec": {"queueName": "q\u0000"},
         "status": {"conditions": [{"type": "QuotaReserved", "status": "False", "reason": "Pending",
           "message": "line one\nline two\u001b]0;title\u0007"}]}}
        """#
        guard case .success(let s) = parse(text), let job = s.jobs?.first else { Issue.record("failed"); return }
        #expect(job.id == "ns/evil[31m-wl")
        #expect(job.name == "evil[31m-wl")
        #expect(job.queue == "q")
        #expect(job.reason == "Pending: line one line two]0;title")
        #expect(!job.reason.unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test("Kubernetes quantities")
    func quantities() {
        let cases: [(String, Double?)] = [
            ("4", 4), ("500m", 0.5), ("1k", 1000), ("2Gi", 2_147_483_648), ("12Mi", 12_582_912), ("1e3", 1000),
            ("1E", 1e18), ("2E-2", 0.02), ("1.5", 1.5), (".5", 0.5), ("-1", -1), ("+3", 3), ("100u", 0.0001),
            (" 8 ", 8), ("3n", 3e-9), ("1Ki", 1024),
            ("abc", nil), ("1Gb", nil), ("", nil), ("1e", nil), ("5ki", nil), ("m", nil), ("1.2.3", nil), ("0x10", nil),
        ]
        for (text, expected) in cases {
            let got = KubeQuantity.parse(text)
            if let expected, let got {
                #expect(abs(got - expected) <= abs(expected) * 1e-12, "\(text)")
            } else {
                #expect(got == expected, "\(text)")
            }
        }
        #expect(KubeQuantity.isGPU("nvidia.com/gpu") && KubeQuantity.isGPU("amd.com/gpu") && KubeQuantity.isGPU("gpu"))
        #expect(KubeQuantity.isGPU("gpu.intel.com/i915"))
        #expect(!KubeQuantity.isGPU("nvidia.com/gpucores") && !KubeQuantity.isGPU("nvidia.com/total-gpumem"))
        #expect(!KubeQuantity.isGPU("nvidia.com/mig-1g.10gb") && !KubeQuantity.isGPU("cpu"))
        #expect(KubeTime.parse("2024-05-01T12:00:00+02:00") == 1_714_557_600)
        #expect(KubeTime.parse("1969-12-31T23:00:00Z") == -3600)
        #expect(KubeTime.parse("2024-05-01") == nil && KubeTime.parse("2024-05-01T10:00:00") == nil)
    }

    @Test("the source reads a file on every fetch, or runs a command; failures keep nothing")
    func source() throws {
        let config = SchedulerSourceConfig.kueue("kubectl get workloads -A -o json")
        #expect(config.name == "kueue kubectl get workloads -A -o json" && config.kind == "kueue")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kueue-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(KueueFixtures.list.utf8).write(to: URL(fileURLWithPath: path))
        var file = SchedulerSourceConfig.kueue(path).makeSource(timeout: 5)
        let first = file.fetch()
        #expect(first.failure == nil && first.snapshots.first?.jobs?.count == 4)
        try Data(KueueFixtures.pendingSummary.utf8).write(to: URL(fileURLWithPath: path))
        #expect(file.fetch().snapshots.first?.queuePositions?.count == 2)

        try Data((KueueFixtures.list + KueueFixtures.pendingSummary).utf8).write(to: URL(fileURLWithPath: path))
        var command = SchedulerSourceConfig.kueue("cat '\(path)'").makeSource(timeout: 5)
        let fetched = command.fetch()
        #expect(fetched.failure == nil)
        #expect(fetched.snapshots.first?.jobs?.map(\.queuePosition) == [nil, 1, 0, nil])

        var failing = SchedulerSourceConfig.kueue("echo oops >&2; exit 3").makeSource(timeout: 5)
        let failed = failing.fetch()
        #expect(failed.snapshots.isEmpty && failed.failure?.contains("exit 3") == true)
        var garbage = SchedulerSourceConfig.kueue("echo not yaml: [").makeSource(timeout: 5)
        let message = garbage.fetch().failure ?? ""  // libyaml stops at the end: line 2
        #expect(message.contains("neither JSON nor YAML") && message.contains("line 2"), "\(message)")
    }
}
