import Foundation
import Testing
@testable import FleetCore

@Suite("Label matchers")
struct LabelMatcherTests {
    let labels = ["alertname": "IdleGPU", "team": "nlp", "severity": "warning"]

    func matcher(_ text: String) throws -> LabelMatcher { try LabelMatcher.parse(text).get() }

    @Test("= and != compare the whole value; a missing label is the empty string")
    func equality() throws {
        #expect(try matcher("alertname=IdleGPU").matches(labels))
        #expect(try !matcher("alertname=Idle").matches(labels))
        #expect(try matcher("team!=cv").matches(labels))
        #expect(try !matcher("team!=nlp").matches(labels))
        #expect(try matcher("pool=\"\"").matches(labels))
        #expect(try matcher("pool=").matches(labels))
        #expect(try !matcher("pool!=\"\"").matches(labels))
        #expect(try matcher("pool!=a100").matches(labels))
    }

    @Test("=~ and !~ are anchored at both ends")
    func regexes() throws {
        #expect(try matcher("severity=~\"warning|critical\"").matches(labels))
        #expect(try !matcher("severity=~warn").matches(labels))
        #expect(try matcher("severity=~warn.*").matches(labels))
        #expect(try !matcher("severity=~arning").matches(labels))
        #expect(try matcher("team!~\"cv|speech\"").matches(labels))
        #expect(try !matcher("team!~n.p").matches(labels))
        // Alternatives are tried until one covers the whole value (Go's ^(?:a|ab)$ matches "ab").
        #expect(try matcher("team=~\"n|nlp\"").matches(labels))
        // A missing label is "", which `.*` matches and `.+` does not.
        #expect(try matcher("pool=~.*").matches(labels))
        #expect(try !matcher("pool=~.+").matches(labels))
        #expect(try matcher("pool!~.+").matches(labels))
        #expect(try matcher("alertname=~\"(?i)idlegpu\"").matches(labels))
        #expect(try matcher("alertname=~\"\\w+GPU\"").matches(labels))
        // `.` steps over one code point, as in Go: "e" + combining acute is two.
        #expect(try matcher("name=~..").matches(["name": "e\u{301}"]))
    }

    @Test("an invalid regular expression is refused when parsed, made or decoded")
    func invalidRegex() throws {
        guard case .failure(let error) = LabelMatcher.parse("team=~\"(nlp\"") else {
            Issue.record("an unbalanced group parsed")
            return
        }
        #expect(error.message.contains("invalid regular expression"))
        #expect(throws: MatcherError.self) { try LabelMatcher(name: "team", op: .notRegex, value: "[a-") }
        // The same text is fine as a plain value.
        #expect(try LabelMatcher(name: "team", op: .equal, value: "(nlp").matches(["team": "(nlp"]))
        let json = Data(#"{"name":"team","op":"=~","value":"(nlp"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LabelMatcher.self, from: json) }
    }

    @Test("parsing: spaces, quotes, escapes, lists in braces, and what is refused")
    func parsing() throws {
        #expect(try matcher("  team  !=  nlp ") == LabelMatcher(name: "team", op: .notEqual, value: "nlp"))
        #expect(try matcher(#"summary="say \"hi\", twice""#).value == #"say "hi", twice"#)
        #expect(try matcher(#"path=~"C:\\\\x""#).value == #"C:\\x"#)
        #expect(try matcher(#"n=~"\d+""#).value == #"\d+"#)
        let list = try LabelMatcher.parseList(#"{alertname="IdleGPU", team=~"nlp|cv",}"#).get()
        #expect(list.map(\.description) == [#"alertname="IdleGPU""#, #"team=~"nlp|cv""#])
        for bad in ["team", "=nlp", "team=\"nlp\" x", "team=\"nlp", "team=n\"lp", "{team=nlp", "", "a=b, c=d", "team~nlp"] {
            #expect(throws: MatcherError.self, "\(bad)") { try LabelMatcher.parse(bad).get() }
        }
    }

    @Test("a matcher round-trips through JSON and its description parses back to itself")
    func roundTrip() throws {
        let m = try LabelMatcher(name: "severity", op: .regex, value: "warn\"ing|crit")
        let decoded = try JSONDecoder().decode(LabelMatcher.self, from: JSONEncoder().encode(m))
        #expect(decoded == m)
        #expect(decoded.matches(["severity": "crit"]))
        #expect(try matcher(m.description) == m)
        #expect(Set([m, decoded]).count == 1)
    }
}

@Suite("Silences")
struct SilenceTests {
    let labels = ["alertname": "IdleGPU", "team": "nlp"]

    func silence(_ matchers: String..., from start: Double = 100, to end: Double = 200) throws -> Silence {
        try Silence.make(id: "s1", matchers: matchers.map { try LabelMatcher.parse($0).get() }, startsAt: start, endsAt: end,
                         createdBy: "ops", comment: "maintenance").get()
    }

    @Test("active from startsAt (inclusive) until endsAt (exclusive)")
    func window() throws {
        let s = try silence("team=nlp")
        #expect(!s.isActive(at: 99.9))
        #expect(s.isActive(at: 100))
        #expect(s.isActive(at: 199.9))
        #expect(!s.isActive(at: 200))
        #expect(!s.silences(labels, at: 50))
        #expect(s.silences(labels, at: 150))
        #expect(!s.silences(labels, at: 250))
    }

    @Test("every matcher must match")
    func allMatchers() throws {
        #expect(try silence("team=nlp", "alertname=~Idle.*").silences(labels, at: 150))
        #expect(try !silence("team=nlp", "alertname=Other").silences(labels, at: 150))
        #expect(try silence("team=nlp", "severity=\"\"").silences(labels, at: 150))
    }

    @Test("no matcher, an end not after the start, or non-finite times are refused")
    func validation() throws {
        let m = try LabelMatcher.parse("team=nlp").get()
        func error(_ matchers: [LabelMatcher], _ start: Double, _ end: Double) -> String? {
            guard case .failure(let e) = Silence.make(id: "x", matchers: matchers, startsAt: start, endsAt: end,
                                                      createdBy: "", comment: "") else { return nil }
            return e.message
        }
        #expect(error([], 0, 10)?.contains("at least one matcher") == true)
        #expect(error([m], 10, 10)?.contains("after the start") == true)
        #expect(error([m], 10, 5)?.contains("after the start") == true)
        #expect(error([m], 0, .infinity) != nil)
        #expect(error([m], 0, 10) == nil)
        // An unchecked silence without matchers still mutes nothing.
        #expect(!Silence(id: "x", matchers: [], startsAt: 0, endsAt: 10, createdBy: "", comment: "").silences(labels, at: 5))
    }

    @Test("a silence round-trips through JSON")
    func coding() throws {
        let s = try silence("team=nlp", "alertname!~\"Xid.*\"")
        #expect(try JSONDecoder().decode(Silence.self, from: JSONEncoder().encode(s)) == s)
    }
}

@Suite("External alerts")
struct ExternalAlertTests {
    @Test("the computed fingerprint is FNV-1a 64 over sorted name=value lines, stable and order-free")
    func fingerprint() {
        // Reference values computed independently (Python).
        #expect(ExternalAlert.fingerprint(of: ["alertname": "high_memory_load"]) == "e78e6180d8f870d0")
        #expect(ExternalAlert.fingerprint(of: ["b": "2", "a": "1"]) == "e1906f913755e085")
        #expect(ExternalAlert.fingerprint(of: [:]) == "cbf29ce484222325")
        let a = ExternalAlert(status: .firing, labels: ["a": "1", "b": "2"], startsAt: 0, receivedAt: 0)
        #expect(a.fingerprint == "e1906f913755e085")
        let given = ExternalAlert(fingerprint: "abc", status: .firing, labels: ["a": "1"], startsAt: 0, receivedAt: 0)
        #expect(given.fingerprint == "abc")
    }
}
