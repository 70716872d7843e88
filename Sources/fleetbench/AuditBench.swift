import FleetCore
import FleetStore
import Foundation

/// `fleetbench audit --records N [--store PATH]`: appends N audit records (~250-byte canonical JSON `AuditRecord`s)
/// to a temporary store in batches of 10,000, then times `verifyAudit()` over the whole chain (median of 3).
/// With `--store`, that store is kept and only topped up to N records, so verification can be re-run (or profiled).
func runAuditBench(records: Int, storePath: String?, batch: Int = 10_000) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fleetbench-audit-\(UUID().uuidString)")
    defer { if storePath == nil { try? FileManager.default.removeItem(at: dir) } }
    let path = storePath ?? dir.appendingPathComponent("fleet.sqlite").path
    do {
        let store = try EventStore(path: path)
        let held = try store.meta("audit_count").flatMap { Int($0) } ?? 0
        let (appended, bodyBytes, appendTime) = try appendAuditRecords(to: store, from: held, upTo: records, batch: batch)
        if appended > 0 {
            print(String(format: "append: %d records, %.1f MB of bodies (%.0f bytes each) in %.2f s, batches of %d "
                         + "(%.0f k records/s, one fsynced transaction per batch)", appended, Double(bodyBytes) / 1e6,
                         Double(bodyBytes) / Double(appended), appendTime, batch, Double(appended) / appendTime / 1e3))
        }
        let fileBytes = [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int ?? 0)
        }
        var times: [Double] = []
        var result: AuditVerification?
        for _ in 0..<3 {
            var failure: (any Error)?
            times.append(seconds {
                do { result = try store.verifyAudit() } catch { failure = error }
            })
            if let failure { throw failure }
        }
        let verified = Double(result?.count ?? 0)
        print("verify: \(result.map(\.description) ?? "no result")")
        print(String(format: "verify: %.0f records, store %.1f MB: median of 3 %.3f s (%.2f M records/s, %.0f MB/s); "
                     + "runs %@; %.0f MB resident", verified, Double(fileBytes) / 1e6, median(times),
                     verified / median(times) / 1e6, Double(fileBytes) / median(times) / 1e6,
                     times.map { String(format: "%.3f", $0) }.joined(separator: " "), residentMB()))
        print(String(format: "audit_verify_seconds=%.3f", median(times)))
    } catch {
        print("audit bench failed: \(error)")
        exit(1)
    }
}

/// Appends records `from + 1 … upTo` in batches; returns how many, their body bytes, and the seconds spent appending
/// (encoding excluded).
private func appendAuditRecords(to store: EventStore, from held: Int, upTo records: Int,
                                batch: Int) throws -> (count: Int, bytes: Int, seconds: Double) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let actions = ["request.filed", "request.approved", "request.escalated", "alert.acked", "silence.created", "action.executed"]
    var bytes = 0, time = 0.0, next = held
    while next < records {
        let bodies = try (next..<min(next + batch, records)).map { i in
            try encoder.encode(AuditRecord(
                at: 1_793_491_200 + Double(i) * 0.25, actor: "user\(i % 97)", action: actions[i % actions.count],
                subject: "req-2026-11-\(String(format: "%07d", i))",
                reason: "capacity board: quota raised for the pretraining sprint (ticket OPS-\(i % 10_000))",
                before: "nlp quota 56 GPUs", after: "nlp quota 88 GPUs until 2026-12-01T00:00:00Z"))
        }
        bytes += bodies.reduce(0) { $0 + $1.count }
        var failure: (any Error)?
        time += seconds {
            do { _ = try store.appendAudit(bodies) } catch { failure = error }
        }
        if let failure { throw failure }
        next += bodies.count
    }
    return (next - held, bytes, time)
}
