import FleetCore

extension PolicyFile {
    static let classFields: Set<String> = ["name", "rank", "queue_wait_sla", "preemptible", "maps_from"]
    static let priceFields: Set<String> = ["model", "purchase", "region", "per_gpu_hour", "term"]

    /// Priority classes in file order (rank defaults to the position), with their scheduler-name mappings.
    static func readClasses(_ node: PolicyNode, rules: inout PolicyRules) -> [PriorityClass] {
        var out: [PriorityClass] = []
        var mappedOn: [String: Int] = [:]
        for (i, c) in node.sequence().enumerated() {
            let f = c.mapping(allowed: classFields)
            guard let name = f["name"]?.string else { if f["name"] == nil { c.fail("name: required") }; continue }
            if out.contains(where: { $0.name == name }) { c.fail("class \(name) is defined twice"); continue }
            guard let sla = f["queue_wait_sla"]?.duration else { if f["queue_wait_sla"] == nil { c.fail("queue_wait_sla: required") }; continue }
            out.append(PriorityClass(name: name, rank: f["rank"]?.integer(max: PolicyLimits.rank) ?? i, queueWaitSLASeconds: sla,
                                     preemptible: f["preemptible"]?.bool ?? false))
            for source in f["maps_from"]?.strings ?? [] {
                guard source.contains(":") else {
                    f["maps_from"]?.fail("\(source): write qos:NAME, kueue:NAME or trace:NAME")
                    continue
                }
                if let first = mappedOn[source] {
                    f["maps_from"]?.fail("\(source) already maps to \(rules.classOfSchedulerName[source] ?? "?") (line \(first))")
                    continue
                }
                mappedOn[source] = c.line
                rules.classOfSchedulerName[source] = name
            }
        }
        return out
    }

    /// Prices; the same model, option and region twice with different figures contradict each other.
    static func readPrices(_ node: PolicyNode, rules: inout PolicyRules) -> [Price] {
        var out: [Price] = []
        var seen: [String: (Double, Int)] = [:]
        for p in node.sequence() {
            let f = p.mapping(allowed: priceFields)
            guard let model = f["model"]?.string, let purchaseText = f["purchase"]?.string,
                  let region = f["region"]?.string, let price = f["per_gpu_hour"]?.number(max: PolicyLimits.pricePerGPUHour) else {
                for key in ["model", "purchase", "region", "per_gpu_hour"] where f[key] == nil { p.fail("\(key): required") }
                continue
            }
            guard let purchase = PurchaseOption(rawValue: purchaseText) else {
                f["purchase"]?.fail("expected one of \(PurchaseOption.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            let key = "\(model)|\(purchase.rawValue)|\(region)"
            if let (other, line) = seen[key] {
                if other != price { p.fail("contradicts line \(line): \(model) \(purchase.rawValue) in \(region) costs \(other) there") }
                continue
            }
            seen[key] = (price, p.line)
            if let term = f["term"]?.string {
                guard let months = termMonths(term) else { f["term"]?.fail("expected a term like 12mo, 1y or 3y (at most 10y)"); continue }
                rules.commitmentTermMonths[key] = months
            }
            out.append(Price(model: model, purchase: purchase, region: region, dollarsPerGPUHour: price))
        }
        return out
    }

    private static func termMonths(_ text: String) -> Int? {
        var months: Int?
        if text.hasSuffix("mo"), let n = Int(text.dropLast(2)) { months = n }
        if text.hasSuffix("y"), let n = Int(text.dropLast()), n <= PolicyLimits.termMonths / 12 { months = n * 12 }
        return months.flatMap { (1...PolicyLimits.termMonths).contains($0) ? $0 : nil }
    }

    static func readThresholds(_ node: PolicyNode, into policy: inout PolicySpec) {
        let f = node.mapping(allowed: ["idle_utilisation_percent", "idle_window", "queue_wait_window"])
        if let idle = f["idle_utilisation_percent"]?.number(max: 100) { policy.idleThresholdPercent = idle }
        if let w = f["idle_window"]?.duration { policy.idleWindowSeconds = w }
        if let w = f["queue_wait_window"]?.duration { policy.queueWaitWindowSeconds = w }
    }

    /// Checks across sections: names used outside the org tree must be in it.
    static func crossCheck(org: OrgSpec, rules: PolicyRules, errors: PolicyErrors) {
        let teams = Set(org.teams.map(\.name))
        for (name, _) in rules.fairShareWeights where !teams.contains(name) {
            errors.add(line: 0, field: "fair_share_weight", "team \(name) is not in the org tree")
        }
    }
}
