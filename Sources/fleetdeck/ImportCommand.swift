import ArgumentParser
import FleetCore
import FleetFeeds
import FleetInput
import Foundation

/// `fleetdeck import focus FILE.csv`: reconcile a cloud bill's GPU charges with the cost fleetdeck computed.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Read external data against the store.", subcommands: [Focus.self])

    struct Focus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reconcile a FOCUS 1.0 billing export's GPU charges with computed cloud GPU cost; list the gaps.")

        @Argument(help: "The FOCUS 1.0 CSV export.")
        var file: String

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var feedOptions: FeedOptions

        func run() throws {
            let data: Data
            switch InputFile.read(file, maxBytes: InputLimits.Format.focusCSV.maxBytes) {
            case .success(let bytes): data = bytes
            case .failure(let failure):
                Console.error("fleetdeck: \(failure)")
                throw ExitCode(1)
            }
            let billing: FocusBilling
            switch FocusBilling.parse(String(decoding: data, as: UTF8.self)) {
            case .success(let b): billing = b
            case .failure(let e):
                Console.error("fleetdeck: \(file) \(e)")
                throw ExitCode(1)
            }
            let state = try Session.loadState(address: storeOptions.address(for: feedOptions))
            print("\(file): \(billing.rows) rows, \(billing.charges.count) GPU charge groups, \(billing.problems.count) bad rows")
            for p in billing.problems.prefix(20) { print("  skipped \(p)") }
            func pad(_ t: String, _ n: Int) -> String { t.count >= n ? t : t + String(repeating: " ", count: n - t.count) }
            func num(_ v: Double, _ digits: Int, _ n: Int) -> String {
                let t = String(format: "%.\(digits)f", v)
                return String(repeating: " ", count: max(0, n - t.count)) + t
            }
            print(pad("MONTH", 8) + pad("PROVIDER", 13) + pad("REGION", 15) + pad("MODEL", 7)
                  + "      BILLED    COMPUTED         GAP  BILLED GPUh  OURS GPUh")
            for r in FocusReconciliation.rows(billing: billing, state: state) {
                print(pad(r.month, 8) + pad(r.provider, 13) + pad(r.region, 15) + pad(r.model, 7) + num(r.billed, 2, 12)
                      + num(r.computed, 2, 12) + num(r.billed - r.computed, 2, 12) + num(r.billedGPUHours, 1, 13)
                      + num(r.computedGPUHours, 1, 11))
            }
        }
    }
}

/// Billed against computed cloud GPU cost per month, region and model.
enum FocusReconciliation {
    struct Row {
        var month, provider, region, model: String
        var billed, computed, billedGPUHours, computedGPUHours: Double
    }

    /// One row per billed group, plus computed cloud cost in months the bill covers that nothing was billed for.
    static func rows(billing: FocusBilling, state: FleetState) -> [Row] {
        var out: [Row] = []
        var covered = Set<String>()
        var computedByKey: [String: (Double, Double)] = [:]
        for month in Set(billing.charges.map(\.month)) {
            guard let start = ChargebackReport.month(month) else { continue }
            for l in Chargeback.lines(state, from: start, to: UTCCalendar.nextMonthStart(after: start)) where l.purchase != .onPrem {
                let key = "\(month)|\(l.region)|\(l.model)"
                let t = computedByKey[key] ?? (0, 0)
                computedByKey[key] = (t.0 + l.cost, t.1 + l.gpuHours)
            }
        }
        for c in billing.charges {
            let key = "\(c.month)|\(c.region)|\(c.model)"
            covered.insert(key)
            let computed = computedByKey[key] ?? (0, 0)
            out.append(Row(month: c.month, provider: c.provider, region: c.region, model: c.model, billed: c.billed,
                           computed: computed.0, billedGPUHours: c.gpuHours, computedGPUHours: computed.1))
        }
        for (key, computed) in computedByKey.sorted(by: { $0.key < $1.key }) where !covered.contains(key) {
            let parts = key.split(separator: "|").map(String.init)
            out.append(Row(month: parts[0], provider: "(not billed)", region: parts[1], model: parts[2], billed: 0,
                           computed: computed.0, billedGPUHours: 0, computedGPUHours: computed.1))
        }
        return out
    }
}
