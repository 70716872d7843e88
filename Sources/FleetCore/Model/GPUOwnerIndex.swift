/// The GPUs each telemetry owner (a pod, an HPC job) uses: kept by the reducer as owner labels change, so that cost per
/// inference finds a service's GPUs without a pass over every GPU.
public struct GPUOwnerIndex: Codable, Sendable, Hashable {
    /// GPU indices by owner; GPUs without an owner are not listed.
    public private(set) var gpus: [String: [Int32]] = [:]

    /// The index of `table`'s owners: what the reducer's must always equal.
    public static func count(_ table: GPUTable) -> GPUOwnerIndex {
        var index = GPUOwnerIndex()
        for g in 0..<table.count where !table.owner[g].isEmpty { index.gpus[table.owner[g], default: []].append(Int32(g)) }
        return index
    }

    /// GPU `g` moves from owner `old` to owner `new` (either may be empty: no owner).
    mutating func move(_ g: Int32, from old: String, to new: String) {
        guard old != new else { return }
        if !old.isEmpty {
            gpus[old]?.removeAll { $0 == g }
            if gpus[old]?.isEmpty == true { gpus[old] = nil }
        }
        if !new.isEmpty {
            // Kept in GPU order, as a recount lists them.
            let at = gpus[new]?.firstIndex { $0 > g } ?? gpus[new]?.count ?? 0
            gpus[new, default: []].insert(g, at: at)
        }
    }
}
