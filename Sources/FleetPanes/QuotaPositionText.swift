import FleetCore
import FleetTUI

extension QuotaPosition {
    /// The position in words for a flag, saying where for per-pool quotas ("borrows in spot", "OVER QUOTA in spot");
    /// nil when there is nothing to flag.
    var flagText: String? {
        switch self {
        case .over(let places): "OVER QUOTA" + Self.where(places)
        case .borrowing(let places): places.isEmpty ? "borrowing" : "borrows" + Self.where(places)
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

    /// " in spot, train H100" for per-pool places (policy names, cleaned); "" for the org's team quota.
    private static func `where`(_ places: [QuotaPlace]) -> String {
        places.isEmpty ? "" : " in " + places.map { sanitizeForTerminal($0.name) }.joined(separator: ", ")
    }
}
