import Foundation
import Testing
@testable import FleetFeeds

/// Every input the fuzzers (scripts/fuzz.sh) found a crash, hang or memory blow-up with, kept in Fuzz/corpus/TARGET/crash-*
/// and run here through the same parser, bounded in time.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// The committed crash inputs of `target`.
    static func crashes(_ target: String) -> [URL] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasPrefix("crash-") }.sorted().map { dir.appendingPathComponent($0) }
    }

    @Test("a JSON array holding a stray '}' or a value-less element ends in an error, not a loop", arguments: [
        #"{"jobs": [{"job_state": ["RUNNING"}]}"#, #"{"jobs": [1}"#, #"{"nodes": [{"partitions": ["a" : 1]}]}"#, #"[1,,2]"#, #"{"jobs": [}"#,
    ])
    func strayDelimiters(_ text: String) {
        let start = ContinuousClock.now
        _ = SlurmJSON.parse(Data(text.utf8))
        _ = KueueObjects.parse(Data(text.utf8))
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("committed Slurm JSON and Kueue crash inputs parse (to an error or not) in under a second each")
    func committedInputs() throws {
        let inputs = Self.crashes("slurm-json").map { ($0, "slurm") } + Self.crashes("kueue").map { ($0, "kueue") }
        #expect(inputs.count >= 3)
        for (url, kind) in inputs {
            let data = try Data(contentsOf: url)
            let start = ContinuousClock.now
            if kind == "slurm" { _ = SlurmJSON.parse(data) } else { _ = KueueObjects.parse(data) }
            #expect(ContinuousClock.now - start < .seconds(1), "\(url.lastPathComponent)")
        }
    }

    @Test("an nvidia-smi XML document with an element name that is not UTF-8 is refused, not handed to FoundationXML (it traps)")
    func invalidUTF8XML() throws {
        let utf8 = try #require(Self.crashes("nvidia-smi-xml").first { $0.lastPathComponent.contains("utf8") })
        let parsed = NvidiaSMIXML.parse(try Data(contentsOf: utf8), host: "h")
        #expect(parsed.readings.isEmpty && parsed.errors.first?.description.contains("not valid UTF-8") == true, "\(parsed.errors)")
        let bad = Data("<nvidia_smi_log>\n<gpu><fb_me".utf8) + Data([0xED]) + Data("mory_usage/></gpu></nvidia_smi_log>".utf8)
        #expect(NvidiaSMIXML.firstInvalidUTF8Line(bad) == 2)
        #expect(Self.crashes("nvidia-smi-xml").count >= 1)
    }

    @Test("every committed nvidia-smi XML crash input is read by the hand-written reader without trapping")
    func xmlCrashInputs() throws {
        #expect(Self.crashes("nvidia-smi-xml").count >= 2)
        for url in Self.crashes("nvidia-smi-xml") { _ = NvidiaSMIXML.parse(try Data(contentsOf: url), host: "h") }
        // FoundationXML called strlen(NULL) on a processing instruction without data.
        let pi = NvidiaSMIXML.parse(Data("<nvidia_smi_log><?x?><gpu><uuid>GPU-1</uuid></gpu></nvidia_smi_log>".utf8), host: "h")
        #expect(pi.readings.map(\.uuid) == ["GPU-1"])
    }

    @Test("the XML reader: entities, CDATA, comments, DOCTYPE, self-closing tags; errors with their line")
    func simpleXML() {
        let doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log SYSTEM \"x.dtd\">\n<nvidia_smi_log><!-- c -->\n<gpu id=\"0\">"
            + "<product_name>A &amp; B &#x41;</product_name><uuid><![CDATA[GPU-2]]></uuid><mig_devices/></gpu></nvidia_smi_log>"
        let parsed = NvidiaSMIXML.parse(Data(doc.utf8), host: "h")
        #expect(parsed.readings.map(\.uuid) == ["GPU-2"] && parsed.readings.first?.model.contains("A & B A") == true, "\(parsed)")
        let cut = NvidiaSMIXML.parse(Data("<nvidia_smi_log>\n<gpu>\n<uuid>x</gpu>".utf8), host: "h")
        #expect(cut.errors.first?.description == "line 3: malformed XML: </gpu> does not close <uuid>")
        let deep = String(repeating: "<a>", count: 10_000)
        #expect(NvidiaSMIXML.parse(Data(deep.utf8), host: "h").errors.contains { $0.description.contains("nested too deeply") })
    }
}
