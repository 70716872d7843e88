import FleetCore
import FleetTUI

extension QuotaPosition {
    /// The position in words for a flag, saying where for per-pool quotas ("borrows in spot", "OVER QUOTA in spot");
    /// nil when there is nothing to flag.
    var flagText: String? {
        switch self {
        case .over(let places): "OVER QUOTA" + Self.where(places)
        case .borrowing(let places): Self.where(places).isEmpty ? "borrowing" : "borrows" + Self.where(places)
        case .within, .unlimited: nil
        }
    }

    /// The role the flag is drawn in.
    var flagRole: Role {
        switch self {
        case .over: .critical
        case .borrowing: .warn
        case .within, .unlimited: .ok
        }
    }

    /// " in spot, train H100" for per-pool places (policy names, cleaned); "" for the org's team quota and for quotas
    /// that cover every pool and model (there is no place to name).
    private static func `where`(_ places: [QuotaPlace]) -> String {
        let named = places.filter { $0.pool != nil || $0.model != nil }
        return named.isEmpty ? "" : " in " + named.map { sanitizeForTerminal($0.name) }.joined(separator: ", ")
    }
}
