/// Slurm host lists: `gpu[01-03,07],login1` ⇄ host names.
public enum HostList {
    /// Hosts expanded from a host list; at most `limit` names (a corrupt range cannot exhaust memory).
    public static func expand(_ list: String, limit: Int = 100_000) -> [String] {
        var out: [String] = []
        for item in split(list).map(String.init) {
            guard let open = item.firstIndex(of: "["), let close = item.lastIndex(of: "]"), open < close else {
                if !item.isEmpty { out.append(item) }
                continue
            }
            let prefix = String(item[..<open])
            let suffix = String(item[item.index(after: close)...])
            for range in item[item.index(after: open)..<close].split(separator: ",") {
                let bounds = range.split(separator: "-", maxSplits: 1)
                guard let first = bounds.first, let low = Int(first) else { continue }  // "[-]" has no bounds at all
                let high = bounds.count == 2 ? Int(bounds[1]) ?? low : low
                let width = first.count
                var n = low
                while n <= high, out.count < limit {
                    let digits = String(n)
                    out.append(prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits + suffix)
                    if n == high { break }  // high may be Int.max
                    n += 1
                }
            }
            if out.count >= limit { break }
        }
        return out
    }

    /// Top-level comma-separated items (commas inside brackets belong to the item).
    private static func split(_ list: String) -> [Substring] {
        var items: [Substring] = []
        var depth = 0
        var start = list.startIndex
        for i in list.indices {
            switch list[i] {
            case "[": depth += 1
            case "]": depth -= 1
            case "," where depth == 0:
                items.append(list[start..<i])
                start = list.index(after: i)
            default: break
            }
        }
        items.append(list[start...])
        return items.map { $0.drop { $0 == " " } }
    }

    /// Number of array tasks in an array task string (`1-10`, `1-99:2`, `3,5,7-8`, `0-999%10`).
    public static func taskCount(_ spec: String) -> Int {
        let body = spec.split(separator: "%").first ?? ""
        var total = 0
        for part in body.split(separator: ",") {
            let stepParts = part.split(separator: ":")
            let step = stepParts.count > 1 ? min(Int(UInt32.max), max(1, Int(stepParts[1]) ?? 1)) : 1
            let bounds = (stepParts.first ?? "").split(separator: "-")  // ":" alone has no parts
            guard let (low, high) = taskRange(bounds) else { continue }
            total += (high - low) / step + 1
        }
        return total
    }

    /// The task ids of an array task string, at most `limit`.
    public static func taskIDs(_ spec: String, limit: Int = 10_000) -> [Int] {
        let body = spec.split(separator: "%").first ?? ""
        var out: [Int] = []
        for part in body.split(separator: ",") {
            let stepParts = part.split(separator: ":")
            let step = stepParts.count > 1 ? min(Int(UInt32.max), max(1, Int(stepParts[1]) ?? 1)) : 1
            let bounds = (stepParts.first ?? "").split(separator: "-")  // ":" alone has no parts
            guard let (low, high) = taskRange(bounds) else { continue }
            var n = low
            while n <= high, out.count < limit { out.append(n); n += step }
        }
        return out
    }

    /// Bounds of a task range: Slurm task ids are unsigned 32-bit, so anything else (which could overflow) is refused.
    private static func taskRange(_ bounds: [Substring]) -> (Int, Int)? {
        guard let low = Int(bounds.first ?? ""), low >= 0 else { return nil }
        let high = bounds.count > 1 ? Int(bounds[1]) ?? low : low
        guard high >= low, high <= Int(UInt32.max) else { return nil }
        return (low, high)
    }
}
