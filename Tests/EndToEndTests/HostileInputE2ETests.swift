import Foundation
import Testing

/// Hostile files through the real binary under a 2 GB address-space limit: a clear located error and exit code 1,
/// never a crash or a memory blow-up.
@Suite struct HostileInputE2ETests {
    private func check(_ policy: String) throws -> (code: Int32, out: String, err: String, seconds: Double) {
        let dir = try Harness.tempDir()
        let file = dir.appendingPathComponent("hostile.yaml").path
        try policy.write(toFile: file, atomically: true, encoding: .utf8)
        return try Harness.run("/bin/sh", ["-c", "ulimit -v 2000000; exec \"$0\" policy check \"$1\"", Harness.binary, file], timeout: 30)
    }

    @Test func deepNestingAliasBombsAndHugeNumbersFailCleanly() throws {
        var bomb = "organisation: x\ndepartments: []\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 1...9 { bomb += "a\(level): &a\(level) [\(Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ","))]\n" }
        let cases = [
            ("organisation: x\ndepartments: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n",
             "hostile.yaml:2: YAML: nested too deeply (more than 100 levels)"),
            (bomb, "YAML: expands to too many values"),
            ("organisation: x\ndepartments:\n  - name: d\n    teams:\n      - {name: a, budget: {monthly: 1e309}, quota: [{nominal: 1e19}]}\n",
             "hostile.yaml:5: departments[0].teams[0].quota[0].nominal: must be ≤ 100000"),
        ]
        for (text, message) in cases {
            let r = try check(text)
            #expect(r.code == 1, "\(r.err)")
            #expect(r.err.contains(message), "\(r.err)")
        }
    }
}
