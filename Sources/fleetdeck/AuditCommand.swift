import ArgumentParser
import FleetCore
import FleetPanes
import FleetStore
import Foundation

/// `fleetdeck audit verify|export`: prove the audit log is intact; export it for auditors.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Verify or export the hash-chained audit log.", subcommands: [Verify.self, Export.self])

    /// `fleetdeck audit verify`: exit 0 when intact, 1 naming the first bad record otherwise.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every audit record's hash chain; name the first edited, inserted, reordered or deleted record.")
        @OptionGroup var target: TargetStore

        func run() throws {
            let store = try target.address().openForReading()
            let result = try store.verifyAudit()
            print(result.description)
            if !result.isIntact { throw ExitCode(1) }
        }
    }

    /// `fleetdeck audit export --format jsonl|csv`: every record with its seq, hashes and content.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the audit log as JSON lines or CSV (seq, time, actor, action, …, hash).")
        @Option(help: "jsonl or csv.") var format: String = "jsonl"
        @OptionGroup var target: TargetStore

        func validate() throws {
            guard ["jsonl", "csv"].contains(format) else { throw ValidationError("--format must be jsonl or csv") }
        }

        func run() throws {
            let store = try target.address().openForReading()
            let decoder = JSONDecoder()
            let columns = ["seq", "time", "actor", "action", "subject", "reason", "before", "after", "prev_hash", "hash"]
            if format == "csv" { FileHandle.standardOutput.write(Data((columns.joined(separator: ",") + "\n").utf8)) }
            var after: Int64 = 0
            while true {
                let batch = try store.auditEntries(after: after, limit: 10_000)
                guard let last = batch.last else { break }
                var out = ""
                for entry in batch {
                    let record = try? decoder.decode(AuditRecord.self, from: entry.body)
                    let values: [String] = [String(entry.seq), record.map { UTCCalendar.format($0.at, seconds: true) + "Z" } ?? "",
                                            record?.actor ?? "", record?.action ?? "", record?.subject ?? "", record?.reason ?? "",
                                            record?.before ?? "", record?.after ?? "", hex(entry.previousHash), hex(entry.hash)]
                    if format == "csv" {
                        out += values.map(csvField).joined(separator: ",") + "\n"
                    } else {
                        var object: [String: Any] = Dictionary(uniqueKeysWithValues: zip(columns, values.map { $0 as Any }))
                        object["seq"] = entry.seq
                        object["at"] = JSONValue.of(record?.at, JSONNumber.seconds)
                        if record == nil { object["body"] = String(decoding: entry.body, as: UTF8.self) }
                        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                        out += String(decoding: data, as: UTF8.self) + "\n"
                    }
                }
                FileHandle.standardOutput.write(Data(out.utf8))
                after = last.seq
            }
        }

        private func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

        private func csvField(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
    }
}
