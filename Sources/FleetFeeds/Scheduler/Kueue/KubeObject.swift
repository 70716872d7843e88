/// One Kubernetes object of an input, with where it was found.
struct KubeObject {
    var value: KubeValue
    var kind: String
    var apiVersion: String?
    /// `items[3]`, `document 2`, `document 2 items[3]`, or empty for a lone object.
    var location: String

    /// `metadata.name`, cleaned; nil when missing or empty.
    var name: String? { value.at("metadata", "name")?.text }

    /// `metadata.namespace`, or `default` (where kubectl puts an object that names none).
    var namespace: String { value.at("metadata", "namespace")?.text ?? "default" }

    /// Where and what the object is, for problems: `items[3] ClusterQueue "gpu" (line 12)`.
    var place: String {
        var parts: [String] = []
        if !location.isEmpty { parts.append(location) }
        parts.append(kind)
        if let name { parts.append("\"\(name)\"") }
        if let line = value.line { parts.append("(line \(line))") }
        return parts.joined(separator: " ")
    }

    /// The API group of `apiVersion` (`kueue.x-k8s.io`), empty for the core group, nil when not given.
    var group: String? {
        guard let apiVersion else { return nil }
        guard let slash = apiVersion.lastIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }

    /// Kinds Kueue defines (used when an object gives no apiVersion).
    static let kueueKinds: Set<String> = [
        "ClusterQueue", "LocalQueue", "Cohort", "Workload", "WorkloadPriorityClass", "ResourceFlavor", "AdmissionCheck",
        "Topology", "MultiKueueConfig", "MultiKueueCluster", "ProvisioningRequestConfig",
    ]

    /// Whether the object belongs to Kueue's API groups (`kueue.x-k8s.io`, `visibility.kueue.x-k8s.io`).
    var isKueue: Bool {
        guard let group else { return Self.kueueKinds.contains(kind) }
        return group == "kueue.x-k8s.io" || group.hasSuffix(".kueue.x-k8s.io")
    }

    /// Whether it is a job Kueue manages (a batch Job, JobSet, … labelled with a LocalQueue); its Workload
    /// carries what fleetdeck needs.
    var isKueueManaged: Bool {
        value.at("metadata", "labels", "kueue.x-k8s.io/queue-name") != nil
            || value.at("metadata", "labels", "kueue.x-k8s.io/queue") != nil
    }
}

/// An object's required field is missing or unusable; the object is skipped.
struct KueueMappingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }

    /// A missing required field, by path.
    static func missing(_ field: String) -> KueueMappingError { KueueMappingError("missing \(field)") }
}

/// The objects, summaries and lists found in an input's documents.
struct KubeInventory {
    var objects: [KubeObject] = []
    /// Pending workload positions from `PendingWorkloadsSummary` documents.
    var positions: [String: Int]?
    var problems: [String] = []
    /// A `List` (or `…List`) was seen, even an empty one: the input is a listing.
    var sawList = false
    /// The first value that was not a Kubernetes object, for the failure message.
    var firstNonObjectLine: Int?

    /// Collects every object in `documents`.
    init(_ documents: [KubeValue]) {
        for (d, document) in documents.enumerated() {
            collect(document, at: documents.count > 1 ? "document \(d + 1)" : "")
        }
    }

    private mutating func collect(_ value: KubeValue, at location: String) {
        switch value {
        case .null:
            return  // An empty YAML document (comments only, a trailing `---`).
        case .list(let items):
            sawList = true
            collectItems(items, at: location, kind: nil, apiVersion: nil)
        case .map:
            let kind = value["kind"]?.text
            let apiVersion = value["apiVersion"]?.text
            if kind == "PendingWorkloadsSummary" {
                readPositions(value, at: location)
            } else if case .list(let items)? = value["items"], kind == nil || kind?.hasSuffix("List") == true {
                sawList = true
                // A typed list (`WorkloadList` from the API) leaves kind and apiVersion off its items.
                let itemKind = kind.flatMap { $0 == "List" ? nil : String($0.dropLast(4)) }
                collectItems(items, at: location, kind: itemKind, apiVersion: itemKind == nil ? nil : apiVersion)
            } else if let kind {
                objects.append(KubeObject(value: value, kind: kind, apiVersion: apiVersion, location: location))
            } else {
                firstNonObjectLine = firstNonObjectLine ?? value.line
            }
        case .scalar:
            firstNonObjectLine = firstNonObjectLine ?? 1
        }
    }

    private mutating func collectItems(_ items: [KubeValue], at location: String, kind: String?, apiVersion: String?) {
        let prefix = location.isEmpty ? "" : location + " "
        for (i, item) in items.enumerated() {
            let here = "\(prefix)items[\(i)]"
            guard item.isMap else {
                problems.append("\(here): not an object")
                continue
            }
            if item["kind"]?.text == "PendingWorkloadsSummary" {
                readPositions(item, at: here)
            } else if let itemKind = item["kind"]?.text ?? kind {
                objects.append(KubeObject(value: item, kind: itemKind, apiVersion: item["apiVersion"]?.text ?? apiVersion,
                                          location: here))
            } else {
                problems.append("\(here)\(item.line.map { " (line \($0))" } ?? ""): missing kind")
            }
        }
    }

    /// Positions of a visibility API `PendingWorkloadsSummary` (`positionInClusterQueue` by `namespace/name`).
    private mutating func readPositions(_ summary: KubeValue, at location: String) {
        var positions = self.positions ?? [:]
        let prefix = location.isEmpty ? "PendingWorkloadsSummary" : "\(location) PendingWorkloadsSummary"
        for (i, item) in (summary["items"]?.elements ?? []).enumerated() {
            guard let name = item.at("metadata", "name")?.text else {
                problems.append("\(prefix) items[\(i)]: missing metadata.name")
                continue
            }
            guard let position = item["positionInClusterQueue"]?.number, position >= 0, position < 1e9 else {
                problems.append("\(prefix) items[\(i)] \"\(name)\": missing positionInClusterQueue")
                continue
            }
            let namespace = item.at("metadata", "namespace")?.text ?? "default"
            positions["\(namespace)/\(name)"] = Int(position)
        }
        self.positions = positions
    }
}
