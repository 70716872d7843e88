import FleetCore

/// Reads Slurm nodes: node objects (`sinfo --json` up to v0.0.38, slurmrestd `/nodes`) and the grouped
/// entries of `sinfo --json` from v0.0.39 on (`{"node": {"state"}, "nodes": {"nodes": [...]}, "gres": {...}}`).
enum SlurmNodeReader {
    /// A node object.
    static func readNode(_ cursor: inout JSONCursor) throws -> SchedulerNode {
        var node = SchedulerNode(name: "")
        var states: [String] = []
        var gres = "", gresUsed = "", tres = "", tresUsed = ""
        try cursor.beginObject()
        while let key = try cursor.nextKey() {
            if JSONCursor.equals(key, "name") {
                node.name = try cursor.readString() ?? ""
            } else if JSONCursor.equals(key, "hostname") {
                let host = try cursor.readString() ?? ""
                if node.name.isEmpty { node.name = host }
            } else if JSONCursor.equals(key, "state") || JSONCursor.equals(key, "state_flags") {
                states += try cursor.readStrings()
            } else if JSONCursor.equals(key, "reason") {
                node.reason = try readReason(&cursor)
            } else if JSONCursor.equals(key, "gres") {
                gres = try cursor.readString() ?? ""
            } else if JSONCursor.equals(key, "gres_used") {
                gresUsed = try cursor.readString() ?? ""
            } else if JSONCursor.equals(key, "tres") {
                tres = try cursor.readString() ?? ""
            } else if JSONCursor.equals(key, "tres_used") {
                tresUsed = try cursor.readString() ?? ""
            } else if JSONCursor.equals(key, "partitions") {
                node.partitions = try cursor.readStrings()
            } else {
                try cursor.skipValue()
            }
        }
        guard !node.name.isEmpty else { throw SlurmMappingError("node without name") }
        node.name = FeedText.clean(node.name)
        apply(states: states, to: &node)
        let total = SlurmTRES.gpus(inGRES: gres) ?? SlurmTRES.gpus(inTRES: tres)
        node.gpus = try gpuCount(total?.count ?? 0, node: node.name)
        node.gpuModel = total?.model.map(SlurmTRES.modelName)
        node.gpusAllocated = gpusUsed(gresUsed) ?? SlurmTRES.gpus(inTRES: tresUsed)?.count ?? (tresUsed.isEmpty ? nil : 0)
        return node
    }

    /// A grouped `sinfo` entry: one record per node it names.
    static func readGroup(_ cursor: inout JSONCursor) throws -> [SchedulerNode] {
        var template = SchedulerNode(name: "")
        var names: [String] = []
        var states: [String] = []
        var gres = "", gresUsed = ""
        try cursor.beginObject()
        while let key = try cursor.nextKey() {
            if JSONCursor.equals(key, "node") {
                try readObject(&cursor) { c, k in
                    if JSONCursor.equals(k, "state") { states = try c.readStrings() } else { try c.skipValue() }
                }
            } else if JSONCursor.equals(key, "nodes") {
                try readObject(&cursor) { c, k in
                    if JSONCursor.equals(k, "nodes") { names = try c.readStrings() } else { try c.skipValue() }
                }
            } else if JSONCursor.equals(key, "gres") {
                try readObject(&cursor) { c, k in
                    if JSONCursor.equals(k, "total") {
                        gres = try c.readString() ?? ""
                    } else if JSONCursor.equals(k, "used") {
                        gresUsed = try c.readString() ?? ""
                    } else {
                        try c.skipValue()
                    }
                }
            } else if JSONCursor.equals(key, "reason") {
                template.reason = try readReason(&cursor)
            } else if JSONCursor.equals(key, "partition") {
                try readObject(&cursor) { c, k in
                    if JSONCursor.equals(k, "name") { template.partitions = [try c.readString() ?? ""] } else { try c.skipValue() }
                }
            } else {
                try cursor.skipValue()
            }
        }
        guard !names.isEmpty else { throw SlurmMappingError("sinfo entry without node names") }
        apply(states: states, to: &template)
        let total = SlurmTRES.gpus(inGRES: gres)
        template.gpus = try gpuCount(total?.count ?? 0, node: names.first ?? "")
        template.gpuModel = total?.model.map(SlurmTRES.modelName)
        template.gpusAllocated = gpusUsed(gresUsed)
        return names.flatMap { HostList.expand($0) }.map { name in
            var node = template
            node.name = FeedText.clean(name)
            return node
        }
    }

    /// A node's GPU count, refused past the per-node cap (every GPU becomes state, history and a row).
    private static func gpuCount(_ count: Int, node: String) throws -> Int {
        guard count <= InputLimits.maxGPUsPerNode else {
            throw SlurmMappingError("node \(InputLimits.quote(node)) reports \(count > InputLimits.maxGPUsPerJob ? "more than \(InputLimits.maxGPUsPerJob)" : "\(count)") GPUs; a node may have at most \(InputLimits.maxGPUsPerNode)")
        }
        return count
    }

    /// Folds Slurm state words (`MIXED`, `IDLE+DRAIN`, `DOWN*`, …) into up/drain/down.
    static func apply(states: [String], to node: inout SchedulerNode) {
        let words = states.flatMap { $0.uppercased().split(whereSeparator: { $0 == "+" || $0 == "*" || $0 == "~" }) }
            .map(String.init)
        node.stateText = words.joined(separator: "+")
        let down: Set<String> = ["DOWN", "FAIL", "FAILING", "NOT_RESPONDING", "INVAL", "UNKNOWN", "POWERED_DOWN"]
        let drain: Set<String> = ["DRAIN", "DRAINED", "DRAINING", "MAINTENANCE", "REBOOT_REQUESTED", "REBOOT_ISSUED"]
        if words.contains(where: down.contains) {
            node.state = .down
        } else if words.contains(where: drain.contains) {
            node.state = .drain
        } else {
            node.state = .up
        }
    }

    /// Allocated GPUs in `gres_used` (`gpu:h100:2(IDX:0-1)`); nil when the field says nothing.
    private static func gpusUsed(_ text: String) -> Int? {
        guard !text.isEmpty else { return nil }
        return SlurmTRES.gpus(inGRES: text)?.count ?? 0  // a gres_used without GPUs says none are in use
    }

    /// A reason: a string, or `{"description", "time", "user"}` in newer versions.
    private static func readReason(_ cursor: inout JSONCursor) throws -> String {
        guard cursor.peekKind() == .object else { return FeedText.clean(try cursor.readString() ?? "") }
        var text = ""
        try readObject(&cursor) { c, k in
            if JSONCursor.equals(k, "description") { text = try c.readString() ?? "" } else { try c.skipValue() }
        }
        return FeedText.clean(text)
    }

    /// Calls `body` for each key of an object (skipping a non-object value).
    static func readObject(_ cursor: inout JSONCursor,
                           _ body: (inout JSONCursor, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard cursor.peekKind() == .object else { try cursor.skipValue(); return }
        try cursor.beginObject()
        while let key = try cursor.nextKey() { try body(&cursor, key) }
    }
}
