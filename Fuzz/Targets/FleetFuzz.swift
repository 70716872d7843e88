// libFuzzer entry for every parser of outside input. Built only by scripts/fuzz.sh (FLEETDECK_FUZZ=1 adds this
// target to the package; it has no `main`: libFuzzer's comes with -sanitize=fuzzer). The parser is picked by the
// FLEETDECK_FUZZ_TARGET environment variable; `scripts/fuzz.sh --list` names them.

import CFuzzDriver
import FleetCore
import FleetFeeds
import FleetTUI
import Foundation

/// The parsers that can be fuzzed, by the name `scripts/fuzz.sh` uses.
enum FuzzTarget: String, CaseIterable {
    case slurmJSON = "slurm-json"
    case slurmText = "slurm-text"
    case kueue
    case nvidiaSMICSV = "nvidia-smi-csv"
    case nvidiaSMIXML = "nvidia-smi-xml"
    case prometheusAPI = "prometheus-api"
    case alertmanager
    case httpRequest = "http-request"
    case policy
    case theme
    case focus
    case trace

    /// Feeds `data` to the target's parser (and, where it has one, the step after it), discarding the result.
    func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .slurmJSON:
            if case .success(var snapshot) = SlurmJSON.parse(data) {
                // What the writer does next with a parsed document.
                var ingest = SchedulerIngest(state: FleetState())
                snapshot.cluster = snapshot.cluster ?? "fuzz"
                _ = ingest.events(for: snapshot, source: "fuzz", at: 1_700_000_000)
                _ = FleetKPIs.derive(from: ingest.state, wallNow: nil)
            }
        case .slurmText:
            _ = SlurmTextOutputs.shares(text)
            _ = SlurmTextOutputs.priorities(text)
            _ = SlurmTextOutputs.limits(associations: text, qos: text)
        case .kueue: _ = KueueObjects.parse(data)
        case .nvidiaSMICSV:
            _ = NvidiaSMICSV.parse(text, host: "fuzz")
            _ = NvidiaSMICSV.parse(text, host: "fuzz", fields: ["uuid", "name", "utilization.gpu", "memory.used", "power.draw"])
        case .nvidiaSMIXML: _ = NvidiaSMIXML.parse(data, host: "fuzz")
        case .prometheusAPI: _ = try? PrometheusAPIResponse.parse(data)
        case .alertmanager:
            let payload = AlertmanagerWebhook.parse(data, receivedAt: 1_700_000_000)
            var state = FleetState()
            state.apply(AlertmanagerPayload.events(.success(payload), new: true, feed: "fuzz", at: 1_700_000_000, intervalSeconds: 2))
        case .httpRequest:
            if let head = HTTPRequestHead(text) { _ = (head.method, head.headers("content-length"), head.header("expect")) }
        case .policy:
            if case .success(let loaded) = PolicyFile.parse(text, file: "fuzz.yaml") {
                // A policy that passes the check must not trap later (alert derivation, budgets).
                var state = FleetState()
                state.apply(.policyDefined(loaded.policy))
                state.apply(.orgDefined(loaded.org))
                _ = FleetKPIs.derive(from: state, wallNow: 1_700_000_000)
            }
        case .theme: _ = try? Theme.parse(text, name: "fuzz", file: "fuzz.theme")
        case .focus: _ = FocusBilling.parse(text)
        case .trace:
            if case .success(let trace) = GenericTrace.parse(text, name: "fuzz") {
                var replayer = TraceReplayer(trace: trace, epoch: 0)
                var state = FleetState()
                state.apply(replayer.genesis(policy: PolicySpec(source: "fuzz", priorityClasses: PolicySpec.defaultPriorityClasses,
                                                                 prices: [])))
                state.apply(replayer.events(upTo: 1e9))
            }
            _ = AlibabaTrace.parse(pods: text, nodes: text, name: "fuzz")
        }
    }
}

/// The target named by FLEETDECK_FUZZ_TARGET, read once.
let fuzzTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FLEETDECK_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("FLEETDECK_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " "))\n".utf8))
        exit(2)
    }
    return target
}()

/// One input, as libFuzzer hands it over.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzTarget.run(data.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}

/// The executable's entry point (SwiftPM's name for it): hands the command line to libFuzzer's driver.
@_cdecl("FleetFuzz_main")
public func fleetFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    _ = fuzzTarget  // refuse an unknown target before fuzzing starts
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}
