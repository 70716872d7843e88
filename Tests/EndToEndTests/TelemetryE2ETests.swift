import Foundation
import Testing

/// Live telemetry through the real binary: a real Prometheus server started by the project's script, and files.
@Suite(.serialized) struct TelemetryE2ETests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Per-GPU values of `fleetdeck snapshot --pane gpus --json` with the given feed flags, keyed by UUID.
    func gpus(_ feed: [String], store: String) throws -> [String: [String: Any]] {
        let r = try Harness.run(Harness.binary, ["snapshot", "--pane", "gpus", "--json", "--store", store,
                                                 "--telemetry-interval", "1", "--timeout", "30"] + feed, timeout: 60)
        #expect(r.code == 0, "snapshot failed: \(r.err)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let list = try #require(obj["gpus"] as? [[String: Any]])
        return Dictionary(list.compactMap { g in (g["uuid"] as? String).map { ($0, g) } }, uniquingKeysWith: { a, _ in a })
    }

    @Test func prometheusAPIValuesEqualTheScrapedExposition() throws {
        let dir = try Harness.tempDir()
        let up = try Harness.run("/bin/bash", [Self.repo.appendingPathComponent("scripts/prometheus-up.sh").path, dir.path],
                                 timeout: 300)
        defer { _ = try? Harness.run("/bin/bash", [Self.repo.appendingPathComponent("scripts/prometheus-down.sh").path, dir.path]) }
        try #require(up.code == 0, "prometheus-up.sh failed: \(up.out)\(up.err)")
        let port = try String(contentsOf: dir.appendingPathComponent("prometheus.port"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let exposition = dir.appendingPathComponent("static/metrics").path
        let fromFile = try gpus(["--telemetry-file", exposition], store: dir.appendingPathComponent("file.sqlite").path)
        let fromAPI = try gpus(["--prometheus", "http://127.0.0.1:\(port)"], store: dir.appendingPathComponent("prom.sqlite").path)
        #expect(fromFile.count == 8)
        #expect(Set(fromAPI.keys) == Set(fromFile.keys))
        for (uuid, expected) in fromFile {
            let got = try #require(fromAPI[uuid])
            for key in ["utilisation_percent", "memory_used_mib", "power_watts", "temperature_c", "sm_clock_mhz"] {
                let a = try #require(expected[key] as? Double, "\(key) missing from the file for \(uuid)")
                let b = try #require(got[key] as? Double, "\(key) missing from Prometheus for \(uuid)")
                #expect(abs(a - b) < 0.01, "\(uuid) \(key): file \(a), Prometheus \(b)")
            }
            #expect(got["node"] as? String == expected["node"] as? String)
            #expect(got["model"] as? String == expected["model"] as? String)
        }
    }

    @Test func garbageFileFailsTheFeedButKeepsTheLastGoodValues() throws {
        let dir = try Harness.tempDir()
        let file = dir.appendingPathComponent("m.prom").path
        let store = dir.appendingPathComponent("s.sqlite").path
        let good = "DCGM_FI_DEV_GPU_UTIL{gpu=\"0\",UUID=\"GPU-a\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"n1\"} 42\n"
        try good.write(toFile: file, atomically: true, encoding: .utf8)
        let first = try gpus(["--telemetry-file", file], store: store)
        #expect(first["GPU-a"]?["utilisation_percent"] as? Double == 42)
        try "\u{1b}[2J garbage {{{\nDCGM_FI_DEV_GPU_UTIL{gpu=\"0\" 7\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try Harness.run(Harness.binary, ["feeds", "--telemetry-file", file], timeout: 30)
        #expect(r.code == 4)
        #expect(r.out.contains("FAILING") && r.out.contains("line 1"))
        #expect(!r.out.contains("\u{1b}"))
        // A snapshot waits for a good update that never comes and says which feed failed; nothing bad was stored.
        Thread.sleep(forTimeInterval: 1.5)
        let stale = try Harness.run(Harness.binary, ["snapshot", "--pane", "gpus", "--json", "--store", store,
                                                     "--telemetry-file", file, "--telemetry-interval", "1", "--timeout", "3"],
                                    timeout: 30)
        #expect(stale.code == 3)
        #expect(stale.err.contains("m.prom"))
    }
}
