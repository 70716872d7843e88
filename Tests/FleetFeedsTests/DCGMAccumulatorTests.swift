import FleetCore
import Testing
@testable import FleetFeeds

@Suite struct DCGMAccumulatorTests {
    static let uuids = ["GPU-a0", "GPU-a1", "GPU-b0", "GPU-b1"]

    /// One DCGM exporter series line for GPU `g` of the 2 hosts × 2 GPUs fleet.
    static func line(_ metric: String, _ g: Int, _ value: String, extra: String = "") -> String {
        let host = g < 2 ? "node-a" : "node-b"
        return "\(metric){gpu=\"\(g % 2)\",UUID=\"\(uuids[g])\",pci_bus_id=\"00000000:1\(g):00.0\",device=\"nvidia\(g % 2)\","
            + "modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"\(host)\",DCGM_FI_DRIVER_VERSION=\"550.54.15\"\(extra)} \(value)\n"
    }

    static func family(_ metric: String, _ values: [String], type: String = "gauge") -> String {
        "# HELP \(metric) \(metric).\n# TYPE \(metric) \(type)\n"
            + values.enumerated().map { line(metric, $0.offset, $0.element) }.joined()
    }

    static let util = [91.0, 0, 45, 100], used = [40_000.0, 0, 1024, 81_000], free = [40_559.0, 81_559, 80_535, 559]
    static let reserved = [512.0, 512, 512, 512], power = [612.5, 71.25, 300.125, 699.75], temp = [61.0, 30, 45, 70]
    static let sm = [1980.0, 345, 1755, 1980]

    static let fleet = family("DCGM_FI_DEV_SM_CLOCK", sm.map { "\(Int($0))" })
        + family("DCGM_FI_DEV_MEM_CLOCK", ["2619", "2619", "1593", "2619"])
        + family("DCGM_FI_DEV_GPU_TEMP", temp.map { "\(Int($0))" })
        + family("DCGM_FI_DEV_MEMORY_TEMP", ["70", "40", "50", "80"])
        + family("DCGM_FI_DEV_POWER_USAGE", power.map { "\($0)" })
        + family("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", ["1", "2", "3", "4"], type: "counter")
        + family("DCGM_FI_DEV_GPU_UTIL", util.map { "\(Int($0))" })
        + family("DCGM_FI_DEV_XID_ERRORS", ["0", "0", "0", "0"])
        + family("DCGM_FI_DEV_FB_FREE", free.map { "\(Int($0))" })
        + family("DCGM_FI_DEV_FB_USED", used.map { "\(Int($0))" })
        + family("DCGM_FI_DEV_FB_RESERVED", reserved.map { "\(Int($0))" })

    @Test func defaultMetricsOfTwoHostsWithTwoGPUs() throws {
        let r = readings(Self.fleet)
        #expect(r.parser.errors.isEmpty && r.accumulator.errors.isEmpty)
        #expect(r.accumulator.ignoredSamples == 8)
        #expect(r.accumulator.readings().map(\.uuid) == Self.uuids)
        for (g, uuid) in Self.uuids.enumerated() {
            let x = try #require(r.byUUID[uuid])
            #expect(x.host == (g < 2 ? "node-a" : "node-b") && x.index == g % 2)
            #expect(x.model == "NVIDIA H100 80GB HBM3" && x.owner == nil)
            #expect(x.utilPercent == Self.util[g])
            #expect(x.memoryUsedMiB == Self.used[g])
            #expect(x.memoryTotalMiB == Self.used[g] + Self.free[g] + Self.reserved[g])
            #expect(x.powerWatts == Self.power[g] && x.temperatureC == Self.temp[g])
            #expect(x.smClockMHz == Self.sm[g] && x.memoryClockMHz == (g == 2 ? 1593 : 2619))
            #expect(x.lastXID == 0 && x.conditions.isEmpty && x.migInstances.isEmpty)
        }
    }

    @Test func hostLabelSpellingsAndGPUOnlyIdentity() throws {
        let r = readings("""
            DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-x",hostname="worker-7"} 5
            DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-y"} 6
            DCGM_FI_DEV_GPU_UTIL{gpu="3",Hostname="h"} 7
            DCGM_FI_DEV_GPU_TEMP{gpu="3",Hostname="h"} 40

            """)
        #expect(r.accumulator.errors.isEmpty)
        #expect(r.byUUID["GPU-x"]?.host == "worker-7")
        #expect(r.byUUID["GPU-y"]?.host == "scrape-host")
        let h = try #require(r.byUUID["h/gpu3"])
        #expect(h.host == "h" && h.index == 3 && h.utilPercent == 7 && h.temperatureC == 40)
    }

    @Test func ownersFromPodJobAndRelabelledLabels() {
        let r = readings("""
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-p",pod="trainer-0",namespace="ml",container="main"} 1
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-e",pod="dcgm-exporter-x1",namespace="gpu-operator",exported_pod="infer-1",exported_namespace="serving"} 1
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-r",exported_namespace="serving",namespace="gpu-operator",exported_pod="infer-2",pod="dcgm-exporter-x1"} 1
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-o",pod_name="old-pod",pod_namespace="legacy"} 1
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-j",hpc_job="123"} 1
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-n",pod="",namespace="",container=""} 1
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-s",pod="solo"} 1
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-pj",pod="",hpc_job="77"} 1

            """)
        #expect(r.accumulator.errors.isEmpty)
        #expect(r.byUUID["GPU-p"]?.owner == "ml/trainer-0")
        #expect(r.byUUID["GPU-e"]?.owner == "serving/infer-1")
        #expect(r.byUUID["GPU-r"]?.owner == "serving/infer-2")
        #expect(r.byUUID["GPU-o"]?.owner == "legacy/old-pod")
        #expect(r.byUUID["GPU-j"]?.owner == "job 123")
        #expect(r.byUUID["GPU-n"] != nil && r.byUUID["GPU-n"]?.owner == nil)
        #expect(r.byUUID["GPU-s"]?.owner == "solo")
        #expect(r.byUUID["GPU-pj"]?.owner == "job 77")
    }

    @Test func migInstancesFoldIntoTheirGPU() throws {
        let id = { (i: Int, profile: String, pod: String) in
            "gpu=\"0\",UUID=\"GPU-m\",modelName=\"NVIDIA A100-SXM4-80GB\",GPU_I_PROFILE=\"\(profile)\",GPU_I_ID=\"\(i)\",Hostname=\"node-m\"\(pod)"
        }
        let a = id(9, "1g.10gb", ",pod=\"b\",namespace=\"ns\""), b = id(2, "3g.40gb", ",pod=\"a\",namespace=\"ns\""), c = id(7, "1g.10gb", "")
        let r = readings("""
            DCGM_FI_PROF_GR_ENGINE_ACTIVE{\(a)} 0.2
            DCGM_FI_PROF_GR_ENGINE_ACTIVE{\(b)} 0.8
            DCGM_FI_PROF_GR_ENGINE_ACTIVE{\(c)} 0.5
            DCGM_FI_DEV_GPU_UTIL{\(b)} 11
            DCGM_FI_DEV_FB_USED{\(a)} 5000
            DCGM_FI_DEV_FB_USED{\(b)} 30000
            DCGM_FI_DEV_FB_USED{\(c)} 1000
            DCGM_FI_DEV_FB_FREE{\(a)} 4000
            DCGM_FI_DEV_FB_FREE{\(b)} 10000
            DCGM_FI_DEV_FB_FREE{\(c)} 8000
            DCGM_FI_DEV_POWER_USAGE{\(a)} 250.5
            DCGM_FI_DEV_GPU_TEMP{\(a)} 50
            DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-plain",Hostname="node-m"} 10

            """)
        #expect(r.parser.errors.isEmpty && r.accumulator.errors.isEmpty)
        #expect(r.accumulator.readings().count == 2)
        let m = try #require(r.byUUID["GPU-m"])
        #expect(m.host == "node-m" && m.index == 0 && m.model == "NVIDIA A100-SXM4-80GB")
        #expect(m.migInstances.map(\.instanceID) == [2, 7, 9])
        #expect(m.migInstances.map(\.profile) == ["3g.40gb", "1g.10gb", "1g.10gb"])
        #expect(m.migInstances.map(\.owner) == ["ns/a", nil, "ns/b"])
        #expect(m.migInstances.map(\.utilPercent) == [80, 50, 20])  // Engine activity wins over GPU_UTIL.
        #expect(m.migInstances.map(\.memoryTotalMiB) == [40_000, 9000, 9000])
        #expect(m.utilPercent == 62.0)  // (3 × 80 + 50 + 20) / 5 slices
        #expect(m.memoryUsedMiB == 36_000 && m.memoryTotalMiB == 58_000)
        #expect(m.powerWatts == 250.5 && m.temperatureC == 50)
        #expect(m.owner == "2 owners")
        #expect(r.byUUID["GPU-plain"]?.utilPercent == 10 && r.byUUID["GPU-plain"]?.migInstances == [])
    }

    @Test func xidAndHealthConditions() {
        let r = readings("""
            DCGM_FI_DEV_XID_ERRORS{UUID="GPU-x"} 79
            DCGM_FI_DEV_ROW_REMAP_FAILURE{UUID="GPU-r"} 1
            DCGM_FI_DEV_ROW_REMAP_PENDING{UUID="GPU-r"} 0
            DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{UUID="GPU-t"} 64
            DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{UUID="GPU-p"} 128
            DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{UUID="GPU-i"} 1
            DCGM_FI_DEV_CLOCKS_EVENT_REASONS{UUID="GPU-b"} 160
            DCGM_FI_DEV_CLOCKS_EVENT_REASONS{UUID="GPU-e"} 0x40
            DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{UUID="GPU-d"} 32
            DCGM_FI_DEV_ECC_DBE_VOL_TOTAL{UUID="GPU-d"} 2

            """)
        #expect(r.accumulator.errors.isEmpty)
        #expect(r.parser.errors == [ExpositionError(line: 8, message: "bad value '0x40'")])
        #expect(r.byUUID["GPU-x"]?.lastXID == 79)
        #expect(r.byUUID["GPU-r"]?.conditions == [.rowRemapFailure])
        #expect(r.byUUID["GPU-r"]?.conditions.health == .failing)
        #expect(r.byUUID["GPU-t"]?.conditions == [.thermalThrottle])
        #expect(r.byUUID["GPU-t"]?.conditions.health == .degraded)
        #expect(r.byUUID["GPU-p"]?.conditions == [.powerBrake])
        #expect(r.byUUID["GPU-i"]?.conditions == [])
        #expect(r.byUUID["GPU-b"]?.conditions == [.thermalThrottle, .powerBrake])
        #expect(r.byUUID["GPU-e"] == nil)
        #expect(r.byUUID["GPU-d"]?.conditions == [.thermalThrottle, .uncorrectableECC])
    }

    @Test func outOfRangeDuplicateUnknownAndAnonymousSamples() throws {
        let r = readings("""
            DCGM_FI_DEV_GPU_UTIL{UUID="GPU-q"} 250
            DCGM_FI_DEV_POWER_USAGE{UUID="GPU-q"} -5
            DCGM_FI_DEV_GPU_TEMP{UUID="GPU-q"} 44
            DCGM_FI_DEV_FB_USED{UUID="GPU-q"} 10
            DCGM_FI_DEV_FB_USED{UUID="GPU-q"} 20
            DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL{UUID="GPU-q"} 5
            dcgm_exporter_up 1
            DCGM_FI_DEV_GPU_UTIL{Hostname="h",pod="p"} 5
            DCGM_FI_DEV_SM_CLOCK{UUID="GPU-q"} NaN

            """)
        #expect(r.parser.errors.isEmpty)
        #expect(r.accumulator.errors == [
            ExpositionError(line: 1, message: "DCGM_FI_DEV_GPU_UTIL value 250.0 out of range"),
            ExpositionError(line: 2, message: "DCGM_FI_DEV_POWER_USAGE value -5.0 out of range"),
            ExpositionError(line: 5, message: "duplicate series DCGM_FI_DEV_FB_USED for GPU GPU-q"),
            ExpositionError(line: 8, message: "DCGM_FI_DEV_GPU_UTIL has no GPU identity label (UUID, uuid or gpu)"),
        ])
        #expect(r.accumulator.errorCount == 4 && r.accumulator.ignoredSamples == 2)
        let q = try #require(r.byUUID["GPU-q"])
        #expect(q.utilPercent == nil && q.powerWatts == nil && q.smClockMHz == nil)
        #expect(q.temperatureC == 44 && q.memoryUsedMiB == 10)
        #expect(r.byUUID.count == 1)
    }

    @Test func controlCharactersNeverReachTheReadings() throws {
        let r = readings("DCGM_FI_DEV_GPU_UTIL{UUID=\"GPU-\u{1b}z\",pod=\"evil\u{1b}[2J\",namespace=\"ns\u{7}\u{9b}\","
                         + "modelName=\"H100\u{1b}]0;pwn\u{7}\",Hostname=\"host\u{1b}[31m\"} 3\n"
                         + #"DCGM_FI_DEV_GPU_UTIL{UUID="GPU-n",pod="two\nlines"# + "\ttab\"} 4\n")
        #expect(r.parser.errors.isEmpty && r.accumulator.errors.isEmpty)
        let x = try #require(r.byUUID["GPU-z"])
        #expect(x.owner == "ns/evil[2J" && x.model == "H100]0;pwn" && x.host == "host[31m")
        #expect(r.byUUID["GPU-n"]?.owner == "two lines tab")
        let bad = { (s: String) in s.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) } }
        for reading in r.byUUID.values {
            #expect(!bad(reading.uuid) && !bad(reading.host) && !bad(reading.model) && !bad(reading.owner ?? ""))
        }
    }

    @Test func secondScrapeReusesSlotsAndShowsNewValues() throws {
        var accumulator = DCGMAccumulator()
        scrape(Self.fleet + Self.line("DCGM_FI_DEV_GPU_UTIL", 0, "1") + Self.line("DCGM_FI_DEV_XID_ERRORS", 3, "0"),
               into: &accumulator)
        #expect(accumulator.errorCount == 2 && accumulator.series.count == 4)
        let second = Self.line("DCGM_FI_DEV_GPU_UTIL", 0, "7", extra: ",pod=\"new\",namespace=\"ns\"")
            + Self.line("DCGM_FI_DEV_GPU_UTIL", 1, "8") + Self.line("DCGM_FI_DEV_POWER_USAGE", 2, "99.5")
            + Self.line("DCGM_FI_DEV_FB_USED", 2, "12")
        let parser = scrape(second, into: &accumulator)
        #expect(parser.errors.isEmpty && accumulator.errors.isEmpty && accumulator.errorCount == 0)
        #expect(accumulator.ignoredSamples == 0 && accumulator.series.count == 4)
        let list = accumulator.readings()
        #expect(list.map(\.uuid) == ["GPU-a0", "GPU-a1", "GPU-b0"])
        #expect(list[0].utilPercent == 7 && list[0].owner == "ns/new" && list[0].powerWatts == nil)
        #expect(list[1].utilPercent == 8 && list[1].lastXID == nil && list[1].memoryUsedMiB == nil)
        #expect(list[2].utilPercent == nil && list[2].powerWatts == 99.5 && list[2].memoryUsedMiB == 12)
        #expect(list[2].memoryTotalMiB == nil && list[2].model == "NVIDIA H100 80GB HBM3")
        // Third scrape: the pod is gone again.
        scrape(Self.line("DCGM_FI_DEV_GPU_UTIL", 0, "9"), into: &accumulator)
        #expect(accumulator.readings().map(\.owner) == [nil])
        #expect(accumulator.readings().map(\.utilPercent) == [9])
    }

    @Test func nvidiaGPUExporterFormat() throws {
        let r = readings("""
            # HELP nvidia_smi_utilization_gpu_ratio utilization.gpu [%]
            # TYPE nvidia_smi_utilization_gpu_ratio gauge
            nvidia_smi_utilization_gpu_ratio{uuid="GPU-1111"} 0.37
            nvidia_smi_memory_used_bytes{uuid="GPU-1111"} 1.073741824e+09
            nvidia_smi_memory_total_bytes{uuid="GPU-1111"} 2.5757220864e+10
            nvidia_smi_power_draw_watts{uuid="GPU-1111"} 123.45
            nvidia_smi_temperature_gpu{uuid="GPU-1111"} 47
            nvidia_smi_clocks_current_sm_clock_hz{uuid="GPU-1111"} 2.52e+09
            nvidia_smi_clocks_current_memory_clock_hz{uuid="GPU-1111"} 1.0501e+10
            nvidia_smi_clocks_event_reasons_hw_thermal_slowdown{uuid="GPU-1111"} 1
            nvidia_smi_gpu_info{uuid="GPU-1111",name="NVIDIA GeForce RTX 4090",index="1",driver_version="550.54.15"} 1
            nvidia_smi_gpu_info{uuid="GPU-2222",name="NVIDIA H200",index="0"} 1
            nvidia_smi_memory_used_bytes{uuid="GPU-2222"} 0
            nvidia_smi_memory_free_bytes{uuid="GPU-2222"} 1.50112043008e+11
            nvidia_smi_memory_reserved_bytes{uuid="GPU-2222"} 6.43825664e+08
            nvidia_smi_remapped_rows_pending{uuid="GPU-2222"} 1
            nvidia_smi_command_exit_code 0

            """)
        #expect(r.parser.errors.isEmpty && r.accumulator.errors.isEmpty && r.accumulator.ignoredSamples == 1)
        let a = try #require(r.byUUID["GPU-1111"])
        #expect(a.model == "NVIDIA GeForce RTX 4090" && a.index == 1 && a.host == "scrape-host")
        #expect(a.utilPercent == 37 && a.memoryUsedMiB == 1024 && a.memoryTotalMiB == 24_564)
        #expect(a.powerWatts == 123.45 && a.temperatureC == 47)
        #expect(a.smClockMHz == 2520 && a.memoryClockMHz == 10_501)
        #expect(a.conditions == [.thermalThrottle])
        let b = try #require(r.byUUID["GPU-2222"])
        #expect(b.model == "NVIDIA H200" && b.index == 0)
        #expect(b.memoryUsedMiB == 0 && b.memoryTotalMiB == 143_158 + 614)
        #expect(b.conditions == [.rowRemapPending] && b.utilPercent == nil)
    }
}
