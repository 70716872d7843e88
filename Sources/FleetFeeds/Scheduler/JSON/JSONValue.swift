/// A parsed JSON value, for small documents (associations, QOS) where a tree is simpler than pulling fields.
enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// Reads one value (objects and arrays recursively, at most `depth` deep).
    static func read(_ cursor: inout JSONCursor, depth: Int = 64) throws(JSONError) -> JSONValue {
        guard depth > 0 else { throw cursor.error("nested too deeply") }
        switch cursor.peekKind() {
        case .object:
            try cursor.beginObject()
            var out: [String: JSONValue] = [:]
            while let key = try cursor.nextKey() {
                out[String(decoding: key, as: UTF8.self)] = try read(&cursor, depth: depth - 1)
            }
            return .object(out)
        case .array:
            try cursor.beginArray()
            var out: [JSONValue] = []
            while try cursor.nextElement() { out.append(try read(&cursor, depth: depth - 1)) }
            return .array(out)
        case .string: return try cursor.readString().map(JSONValue.string) ?? .null
        case .bool: return try cursor.readBool().map(JSONValue.bool) ?? .null
        case .null:
            try cursor.skipValue()
            return .null
        case .number: return try cursor.readNumber().map(JSONValue.number) ?? .null
        case .end: throw cursor.error("expected a value")
        }
    }

    /// The member at a path of object keys, or nil.
    subscript(_ path: String...) -> JSONValue? {
        var value: JSONValue? = self
        for key in path {
            guard case .object(let members)? = value else { return nil }
            value = members[key]
        }
        return value
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var array: [JSONValue] { if case .array(let a) = self { a } else { [] } }

    /// A number, also from Slurm's `{set, infinite, number}` (unset or infinite → nil).
    var number: Double? {
        switch self {
        case .number(let n): return n
        case .object:
            guard self["set"] != .bool(false), self["infinite"] != .bool(true) else { return nil }
            return self["number"]?.number
        default: return nil
        }
    }
}
