import FleetCore
import FleetInput
import Foundation
import Yams

/// The human-edited policy file (YAML): org tree, quotas, grants, budgets, priority classes and their scheduler
/// mappings, prices, thresholds, roles. `policy.example.yaml` in the repository documents every field.
///
/// Every mistake is reported (file, line, field), not just the first; a file with any error is not used.
public enum PolicyFile {
    /// What a valid policy file defines.
    public struct Loaded: Sendable {
        public var org: OrgSpec
        public var policy: PolicySpec
    }

    static let topLevel: Set<String> = ["organisation", "required_tags", "departments", "priority_classes", "prices",
                                        "budget_thresholds", "thresholds", "queue_depth_limits", "roles", "governance"]

    /// The policy at `path`, or every error in it.
    public static func load(path: String) -> Result<Loaded, PolicyErrorList> {
        let data: Data
        switch InputFile.read(path, maxBytes: InputLimits.Format.policy.maxBytes) {
        case .success(let bytes): data = bytes
        case .failure(let failure):
            return .failure(PolicyErrorList([PolicyError(file: path, line: 0, field: "", message: "cannot read the file: \(failure.reason)")]))
        }
        return parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// The one YAML document in `text` (through the nesting and alias guards), or a located error; shared by the
    /// policy and the configuration file.
    static func documentRoot(_ text: String, file: String) -> Result<Yams.Node, PolicyErrorList> {
        do throws(YAMLProblem) {
            guard let node = try SafeYAML.compose(text, single: true).first else {
                return .failure(PolicyErrorList([PolicyError(file: file, line: 1, field: "", message: "the file is empty")]))
            }
            return .success(node)
        } catch {
            return .failure(PolicyErrorList([PolicyError(file: file, line: error.line, column: error.column, field: "",
                                                         message: "YAML: \(error.message)")]))
        }
    }

    /// The policy in `text` (named `file` in errors), or every error in it.
    public static func parse(_ text: String, file: String) -> Result<Loaded, PolicyErrorList> {
        let errors = PolicyErrors(file: file)
        if let problem = InputLimits.sizeProblem(text.utf8.count, .policy) {
            return .failure(PolicyErrorList([PolicyError(file: file, line: 0, field: "", message: problem)]))
        }
        let root: Yams.Node
        switch PolicyFile.documentRoot(text, file: file) {
        case .success(let node): root = node
        case .failure(let list): return .failure(list)
        }
        let top = PolicyNode(node: root, path: "", reader: errors).mapping(allowed: topLevel)
        var rules = PolicyRules()
        guard let name = require(top, "organisation", root: root, errors)?.string else { return .failure(PolicyErrorList(errors.all)) }
        rules.requiredTags = top["required_tags"]?.strings ?? []
        var org = OrgSpec(name: name, departments: [], teams: [])
        if let departments = require(top, "departments", root: root, errors) {
            readDepartments(departments, into: &org, rules: &rules)
        }
        let classes = top["priority_classes"].map { readClasses($0, rules: &rules) } ?? PolicySpec.defaultPriorityClasses
        let prices = top["prices"].map { readPrices($0, rules: &rules) } ?? []
        var policy = PolicySpec(source: file, priorityClasses: classes, prices: prices)
        if let thresholds = top["budget_thresholds"] { rules.defaultBudgetThresholds = readBudgetThresholds(thresholds) }
        if let t = top["thresholds"] { readThresholds(t, into: &policy) }
        if let limits = top["queue_depth_limits"] {
            var out: [String: Int] = [:]
            for (key, value) in limits.mapping(allowed: Set(classes.map(\.name)).union(anyKeys(limits))) {
                if let n = value.integer(max: PolicyLimits.queueDepth) { out[key] = n }
            }
            policy.queueDepthLimits = out
        }
        if let roles = top["roles"] { rules.roles = readRoles(roles) }
        if let governance = top["governance"] { rules.governance = readGovernance(governance, roles: rules.roles) }
        crossCheck(org: org, rules: rules, errors: errors)
        policy.rules = rules
        guard errors.all.isEmpty else { return .failure(PolicyErrorList(errors.all)) }
        return .success(Loaded(org: org, policy: policy))
    }

    private static func require(_ members: [String: PolicyNode], _ key: String, root: Yams.Node, _ errors: PolicyErrors) -> PolicyNode? {
        if let node = members[key] { return node }
        errors.add(line: root.mark?.line ?? 1, field: key, "required")
        return nil
    }

    /// Keys of a mapping node (for sections whose keys are names, not fields).
    static func anyKeys(_ node: PolicyNode) -> Set<String> {
        Set(node.node.mapping?.keys.compactMap { $0.string } ?? [])
    }
}
