import Foundation
import Testing
import FleetFeeds
import FleetCore

/// CSV that is not `--query-gpu` output is refused by name instead of read as GPUs with every value null.
@Suite("nvidia-smi CSV: other queries, hostname column")
struct NvidiaSMIQueryKindTests {
    @Test("--query-compute-apps output (with header, units or not) is refused as processes", arguments: [
        "pid, process_name, gpu_uuid, used_gpu_memory [MiB]\n4242, python, GPU-a, 1024 MiB\n",
        "pid, process_name, gpu_uuid, used_memory [MiB]\n4242, python, GPU-a, 1024\n",
        "gpu_name, gpu_bus_id, gpu_uuid, pid, process_name, used_gpu_memory\n",
        "timestamp, gpu_uuid, pid, used_memory [MiB]\n2026/12/04 17:33:27.000, GPU-a, 1, 5 MiB\n",
    ])
    func computeApps(_ text: String) {
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.readings.isEmpty)
        #expect(result.errors.map(\.message) == ["this is --query-compute-apps output (processes), not --query-gpu"])
    }

    @Test("--query-compute-apps fields given for header-less output are refused the same way")
    func computeAppsFields() {
        let result = NvidiaSMICSV.parse("4242, python, GPU-a, 1024\n", host: "h",
                                        fields: ["pid", "process_name", "gpu_uuid", "used_memory"])
        #expect(result.readings.isEmpty)
        #expect(result.errors.first?.message.contains("--query-compute-apps") == true)
    }

    @Test("--query-accounted-apps and --query-retired-pages output are refused by name", arguments: [
        ("gpu_uuid, pid, gpu_utilization [%], mem_utilization [%], max_memory_usage [MiB], time [ms]\n",
         "--query-accounted-apps"),
        ("gpu_uuid, retired_pages.address, retired_pages.cause\nGPU-a, 0x1, Double Bit ECC\n", "--query-retired-pages"),
    ])
    func otherQueries(_ text: String, _ query: String) {
        let result = NvidiaSMICSV.parse(text, host: "h")
        #expect(result.readings.isEmpty)
        #expect(result.errors.first?.message.contains(query) == true, "\(result.errors)")
    }

    @Test("the hostname column places the GPU; [N/A] or empty falls back to the host given")
    func hostnameColumn() {
        let text = "uuid, hostname\nGPU-a, dgx-01\nGPU-b, [N/A]\nGPU-c, \n"
        let result = NvidiaSMICSV.parse(text, host: "from-file")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.readings.map(\.host) == ["dgx-01", "from-file", "from-file"])
        let fields = NvidiaSMICSV.parse("GPU-a, dgx-02\n", host: "from-file", fields: ["gpu_uuid", "hostname"])
        #expect(fields.readings.map(\.host) == ["dgx-02"])
    }
}

@Suite("nvidia-smi XML: hostname")
struct NvidiaSMIXMLHostTests {
    @Test("a <hostname> in the GPU or the document places it; N/A or none falls back to the host given")
    func hostname() {
        func hosts(_ xml: String) -> [String] {
            NvidiaSMIXML.parse(Data(xml.utf8), host: "from-file").readings.map(\.host)
        }
        #expect(hosts("<nvidia_smi_log><gpu><uuid>GPU-a</uuid><hostname>dgx-03</hostname></gpu></nvidia_smi_log>")
                == ["dgx-03"])
        #expect(hosts("<nvidia_smi_log><hostname>dgx-04</hostname><gpu><uuid>GPU-a</uuid></gpu></nvidia_smi_log>")
                == ["dgx-04"])
        #expect(hosts("<nvidia_smi_log><gpu><uuid>GPU-a</uuid><hostname>N/A</hostname></gpu></nvidia_smi_log>")
                == ["from-file"])
    }
}
