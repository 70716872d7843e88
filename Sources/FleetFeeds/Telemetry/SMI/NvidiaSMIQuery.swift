/// Which nvidia-smi query a CSV answers, told from its column names: only `--query-gpu` rows are GPUs.
///
/// Other queries share columns with it (`gpu_uuid`, `gpu_name`), so without this their rows would read as GPUs
/// with every value null.
enum NvidiaSMIQuery: Equatable {
    case gpu
    case computeApps
    case accountedApps
    case retiredPages

    /// The query whose columns these are (canonical names, as `NvidiaSMICSV.canonicalField` gives them).
    static func of(columns: [String]) -> NvidiaSMIQuery {
        let names = Set(columns)
        if !names.isDisjoint(with: ["retired_pages.address", "retired_pages.cause"]) { return .retiredPages }
        guard !names.isDisjoint(with: ["pid", "process_name", "used_memory", "used_gpu_memory"]) else { return .gpu }
        let accounting: Set = ["gpu_utilization", "mem_utilization", "max_memory_usage", "time", "is_running"]
        return names.isDisjoint(with: accounting) ? .computeApps : .accountedApps
    }

    /// Why rows of this query are not read as GPUs; nil for `--query-gpu`.
    var refusal: String? {
        switch self {
        case .gpu: nil
        case .computeApps: "this is --query-compute-apps output (processes), not --query-gpu"
        case .accountedApps: "this is --query-accounted-apps output (finished processes), not --query-gpu"
        case .retiredPages: "this is --query-retired-pages output (retired memory pages), not --query-gpu"
        }
    }

    /// The refusal for nvidia-smi's `--help-query-…` text ("List of valid properties to query for the switch
    /// \"--query-gpu\":"), or nil when `line` is not its first line.
    static func helpTextRefusal(_ line: Substring) -> String? {
        guard line.hasPrefix("List of valid properties") else { return nil }
        let quoted = line.split(separator: "\"", omittingEmptySubsequences: false)
        let query = quoted.count >= 3 && quoted[1].hasPrefix("--query-") ? String(quoted[1].dropFirst(2)) : "query-gpu"
        let name = query.hasSuffix("=") ? String(query.dropLast()) : query
        return "this is nvidia-smi --help-\(name) text (the list of query fields), not query output"
    }
}
