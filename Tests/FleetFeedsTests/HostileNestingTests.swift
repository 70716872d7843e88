import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

/// Nesting and alias expansion past the caps are refused with a located error before a recursive parser sees them.
@Suite("Hostile input: nesting and aliases")
struct HostileNestingTests {
    static let policyHead = "organisation: x\ndepartments: []\n"
    /// The 700-byte alias bomb: nine levels of nine aliases each, 9⁹ values once expanded.
    static let aliasBomb: String = {
        var text = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ",")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        return text
    }()

    private func policyErrors(_ text: String) -> [PolicyError] {
        guard case .failure(let list) = PolicyFile.parse(text, file: "p.yaml") else { return [] }
        return list.errors
    }

    @Test("a policy nested 5,000 deep (flow, block sequences, indentation) is refused, not a stack overflow")
    func deepPolicy() {
        let flow = Self.policyHead + "roles: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let compact = Self.policyHead + "roles:\n" + String(repeating: "- ", count: 5000) + "x\n"
        let indented = Self.policyHead + (0..<300).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n"
        for text in [flow, compact, indented] {
            let errors = policyErrors(text)
            #expect(errors.count == 1)
            #expect(errors.first?.message.contains("nested too deeply") == true)
            #expect((errors.first?.line ?? 0) >= 3)
        }
    }

    @Test("real nesting passes the scan: the example policy and every shared Kueue file")
    func realNestingPasses() throws {
        #expect(NestingScan.yaml(try String(contentsOfFile: PolicyFileTests.example, encoding: .utf8), limit: 20) == nil)
        let text = "a:\n  b: |\n    [[[[[[[[[[[[\n  c: \"[[[[[[[[[[\"\n  d: it's [ok\n  e: {f: [1, 2]}  # [[[[[[[[\n"
        #expect(NestingScan.yaml(text, limit: 5) == nil)
    }

    @Test("Kueue JSON and YAML nested 100,000 deep fail with 'nested too deeply'")
    func deepKueue() {
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let yaml = "items:\n" + String(repeating: "- ", count: 20_000) + "x\n"
        for text in [json, "{\"a\": " + json + "}", yaml] {
            guard case .failure(let error) = KueueObjects.parse(Data(text.utf8)) else {
                Issue.record("accepted")
                continue
            }
            #expect(error.message.contains("nested too deeply"))
        }
    }

    @Test("Slurm meta nested 100,000 deep fails with 'nested too deeply'")
    func deepSlurmMeta() {
        let text = "{\"meta\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + ", \"jobs\": []}"
        guard case .failure(let error) = SlurmJSON.parse(Data(text.utf8)) else { Issue.record("accepted"); return }
        #expect(error.message.contains("nested too deeply"))
    }

    @Test("a Prometheus API response nested 100,000 deep is malformed, not a crash")
    func deepPrometheus() {
        let text = "{\"status\":\"success\",\"data\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: PromAPIError.malformed("line 1: nested too deeply (more than \(InputLimits.maxNesting) levels)")) {
            try PrometheusAPIResponse.parse(Data(text.utf8))
        }
    }

    @Test("the alias bomb is refused quickly in a policy and in Kueue YAML")
    func aliasBomb() {
        let start = ContinuousClock.now
        let errors = policyErrors(Self.policyHead + Self.aliasBomb)
        #expect(errors.first?.message.contains("expands to too many values") == true)
        guard case .failure(let error) = KueueObjects.parse(Data(("kind: List\n" + Self.aliasBomb).utf8)) else {
            Issue.record("accepted")
            return
        }
        #expect(error.message.contains("expands to too many values"))
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("aliases that nest deeper than the text does are refused too")
    func aliasDepth() {
        var text = "a0: &a0 [x]\n"
        for level in 1...150 { text += "a\(level): &a\(level) [*a\(level - 1)]\n" }
        #expect(policyErrors(Self.policyHead + text).first?.message.contains("nested too deeply") == true)
    }

    @Test("YAML syntax errors are located as file:LINE:COLUMN without libyaml's snippet")
    func yamlLocation() {
        let errors = policyErrors("organisation: x\ndepartments:\n  - name: a\n\tteams: []\n")
        #expect(errors.count == 1)
        let description = errors.first?.description ?? ""
        #expect(description.hasPrefix("p.yaml:4:1: YAML: "))
        #expect(!description.contains("\n"))
        let control = policyErrors("organisation: x\u{1B}]0;owned\u{07}\n")
        #expect(control.first.map { ($0.line, $0.column) }.map { $0 == (1, 16) } == true)
        #expect(control.first?.description.contains("\u{1B}") == false)
    }
}
