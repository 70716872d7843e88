import FleetCore
import FleetTUI

extension AlertSeverity {
    /// Its colour role.
    var role: Role {
        switch self {
        case .critical: .critical
        case .warning: .warn
        case .info: .text
        }
    }

    /// Its five-column tag in the overview's alert list.
    var tag: String {
        switch self {
        case .critical: "CRIT "
        case .warning: "WARN "
        case .info: "INFO "
        }
    }
}

extension AlertRule {
    /// The pane that shows what the rule is about (nil: none says more than the alert).
    var pane: Pane? {
        switch self {
        case .nodeDown, .nodeDrain, .hardware: .gpus
        case .queueWaitSLA, .queueDepth: .queues
        case .budget, .quotaBreach: .teams
        case .staleFeed: .feeds
        case .idleGPUs: .idle
        case .policy: nil
        }
    }

    /// " (:idle)": where to look next, named from the key map; empty when no pane says more. Core text never names a
    /// UI command, so the pane layer adds this to the alert's message.
    var hint: String { pane.map { " (\(KeyMap.command($0)))" } ?? "" }
}
