import FleetCore
import Foundation
import Testing
@testable import FleetFeeds

@Suite("FOCUS billing")
struct FocusBillingTests {
    @Test("the real FOCUS 1.0 sample: 1000 rows, the g5.4xlarge hours are A10G GPU charges (checked with Python)",
          .enabled(if: SharedData.url("cost/focus-1.0_sample.csv") != nil, "../shared/data/cost absent"))
    func sample() throws {
        let url = try #require(SharedData.url("cost/focus-1.0_sample.csv"))
        let billing = try FocusBilling.parse(String(contentsOf: url, encoding: .utf8)).get()
        #expect(billing.rows == 1000)
        #expect(billing.problems.isEmpty)
        #expect(billing.charges.count == 1)
        let c = try #require(billing.charges.first)
        #expect((c.month, c.provider, c.region, c.model) == ("2024-09", "AWS", "us-east-1", "A10G"))
        #expect(abs(c.billed - 10.203682944) < 1e-6)
        #expect(abs(c.gpuHours - 6.283056) < 1e-6)
    }

    @Test("bad rows are reported by line and skipped; GPUs per instance come from the instance size")
    func badRows() throws {
        let csv = #"""
            BilledCost,ChargePeriodStart,ProviderName,RegionId,ChargeDescription,ConsumedQuantity
            x,2026-11-01,AWS,us-west-2,"$98 per On Demand Linux p5.48xlarge Instance Hour",1
            "196.0",2026-11-02,AWS,us-west-2,"$98 per On Demand Linux p5.48xlarge Instance Hour, ""quoted""",2
            1,2
            3,2026-11-02,AWS,us-west-2,$3 per On Demand Linux g5.12xlarge Instance Hour,1
            0.1,2026-11-02,AWS,us-west-2,$0.1 per GB,1
            """#
        let billing = try FocusBilling.parse(csv).get()
        #expect(billing.problems == ["line 2: BilledCost x or ConsumedQuantity is not a number below 10^12", "line 4: 2 fields, the header has 6"])
        #expect(billing.charges.map(\.model) == ["A10G", "H100"])
        #expect(billing.charges.map(\.gpuHours) == [4, 16])
        guard case .failure(let e) = FocusBilling.parse("a,b\n1,2\n") else { Issue.record("parsed"); return }
        #expect(e.message.contains("not a FOCUS 1.0 export"))
    }

    @Test("RFC 4180: quoted commas, doubled quotes, newlines in fields, CRLF; an unterminated quote names its line")
    func csv() {
        let (records, error) = CSVRecords.parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n1,\"two\nlines\",3\r\n")
        #expect(error == nil)
        #expect(records.map(\.fields) == [["a", "b,c", "say \"hi\""], ["1", "two\nlines", "3"]])
        #expect(records.map(\.line) == [1, 2])
        #expect(CSVRecords.parse("x\n\"open,\n").error?.line == 2)
    }
}
