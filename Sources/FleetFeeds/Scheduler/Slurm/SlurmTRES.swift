import Foundation

/// GPU counts and types from Slurm's TRES and GRES strings.
enum SlurmTRES {
    /// The fleet's model name for a GRES type: a known GPU family, or — for a MIG profile such as `1g.10gb` or
    /// `3g.40gb+me` — a MIG instance of a parent Slurm does not name.
    static func modelName(_ type: String) -> String {
        isMIGProfile(type) ? "MIG \(type) (parent unknown)" : GPUModelName.canonical(type)
    }

    /// Whether a GRES type names a MIG profile (`1g.10gb`, `2g.20gb`, `1g.10gb+me`, `1c.3g.40gb`).
    static func isMIGProfile(_ type: String) -> Bool {
        type.range(of: #"^([0-9]+c\.)?[0-9]+g\.[0-9]+gb(\+[a-z0-9.]+)?$"#, options: [.regularExpression, .caseInsensitive]) != nil
    }

    /// A GPU count from input, clamped to 0 … one past the most a job may have, so sums cannot overflow and a
    /// count past the cap still reads as past it.
    static func count(_ value: Double) -> Int {
        Int(saturating: Swift.min(Swift.max(value, 0), Double(InputLimits.maxGPUsPerJob + 1)))
    }

    /// A GPU count written as text (`4`), clamped like `count(_:)`; nil when it is not a whole number.
    static func count(_ text: Substring) -> Int? {
        guard let value = Double(text), text.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }) else { return nil }
        return count(value)
    }

    /// GPUs in a TRES string such as `cpu=4,mem=8G,gres/gpu=4,gres/gpu:h100=4`.
    ///
    /// Typed and untyped entries describe the same GPUs, so the untyped total wins and typed ones only name the model.
    static func gpus(inTRES text: String) -> (count: Int, model: String?)? {
        var total: Int?
        var typedSum = 0
        var model: String?
        for item in text.split(separator: ",") {
            guard let eq = item.firstIndex(of: "=") else { continue }
            let name = item[..<eq]
            guard name == "gres/gpu" || name.hasPrefix("gres/gpu:") else { continue }
            let count = Self.count(item[item.index(after: eq)...]) ?? 0
            if name == "gres/gpu" {
                total = count
            } else {
                typedSum += count
                if model == nil { model = String(name.dropFirst("gres/gpu:".count)) }
            }
        }
        if let total { return (total, model) }
        return typedSum > 0 || model != nil ? (typedSum, model) : nil
    }

    /// GPUs in a GRES request such as `gres/gpu:h100:2`, `gres:gpu:4`, `gpu:a100:8(S:0-1)` or `gpu` (one).
    static func gpus(inGRES text: String) -> (count: Int, model: String?)? {
        var found: (count: Int, model: String?)?
        for item in text.split(separator: ",") {
            var spec = item.split(separator: "(").first.map(String.init) ?? ""
            for prefix in ["gres/", "gres:"] where spec.hasPrefix(prefix) { spec.removeFirst(prefix.count) }
            let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.first == "gpu" else { continue }
            var count = 1
            var model: String?
            switch parts.count {
            case 1: break
            case 2:
                if let n = Self.count(Substring(parts[1])) { count = n } else { model = parts[1] }
            default:
                model = parts[1]
                count = Self.count(Substring(parts[2])) ?? 1
            }
            found = ((found?.count ?? 0) + count, found?.model ?? model)
        }
        return found
    }

    /// GPU indices per node in `gres_detail` / `gres_used` entries such as `gpu:h100:2(IDX:0-1)`.
    static func gpuIndices(_ detail: String) -> [Int] {
        guard let start = detail.range(of: "IDX:") else { return [] }
        let rest = detail[start.upperBound...]
        let list = rest.prefix { $0 != ")" && $0 != " " }
        if list == "N/A" { return [] }
        var out: [Int] = []
        for part in list.split(separator: ",") {
            let bounds = part.split(separator: "-")
            guard let low = Int(bounds.first ?? "") else { continue }
            let high = bounds.count > 1 ? Int(bounds[1]) ?? low : low
            if high >= low, high - low < 4096 { out.append(contentsOf: low...high) }
        }
        return out
    }
}
