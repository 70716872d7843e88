/// The fast paths of the binary coders, instead of one framed value per element: arrays of integers as the
/// little-endian memory of their neighbour differences (`ByteWriter.appendDeltas`), arrays of floating-point numbers
/// as their memory, string arrays and string-keyed index maps as plain sequences.
enum FixedWidthArrays {
    /// Writes `value`'s body when it is one of the fast-path types; false when it is not (nothing written).
    static func encode<T>(_ value: T, into out: inout ByteWriter) -> Bool {
        // Concrete types at each call, so that the per-element loops are specialised (a generic helper was 30× slower).
        if T.self == [UInt8].self, let a = value as? [UInt8] { out.appendDeltas(a) }
        else if T.self == [Float].self, let a = value as? [Float] { out.appendRaw(a) }
        else if T.self == [Double].self, let a = value as? [Double] { out.appendRaw(a) }
        else if T.self == [Int32].self, let a = value as? [Int32] { out.appendDeltas(a) }
        else if T.self == [UInt16].self, let a = value as? [UInt16] { out.appendDeltas(a) }
        else if T.self == [Int16].self, let a = value as? [Int16] { out.appendDeltas(a) }
        else if T.self == [Int8].self, let a = value as? [Int8] { out.appendDeltas(a) }
        else if T.self == [UInt32].self, let a = value as? [UInt32] { out.appendDeltas(a) }
        else if T.self == [Int64].self, let a = value as? [Int64] { out.appendDeltas(a) }
        else if T.self == [UInt64].self, let a = value as? [UInt64] { out.appendDeltas(a) }
        else if T.self == [Int].self, let a = value as? [Int] { out.appendDeltas(a) }
        else if T.self == [UInt].self, let a = value as? [UInt] { out.appendDeltas(a) }
        else { return encodeSequence(value, into: &out) }
        return true
    }

    private static func encodeSequence<T>(_ value: T, into out: inout ByteWriter) -> Bool {
        if T.self == [String].self, let strings = value as? [String] {
            for s in strings { out.appendString(s) }
            return true
        }
        if T.self == [String: Int32].self, let map = value as? [String: Int32] {
            for (key, index) in map {
                out.appendString(key)
                out.append(index)
            }
            return true
        }
        return false
    }

    /// Reads a fast-path type's body from `range`; nil when `T` is not one (nothing read).
    static func decode<T>(_: T.Type, from buffer: ByteBuffer, range: Range<Int>) throws(BinaryFormatError) -> T? {
        if T.self == [UInt8].self { return try buffer.deltas(UInt8.self, in: range) as? T }
        if T.self == [Float].self { return try buffer.raw(Float.self, in: range) as? T }
        if T.self == [Double].self { return try buffer.raw(Double.self, in: range) as? T }
        if T.self == [Int32].self { return try buffer.deltas(Int32.self, in: range) as? T }
        if T.self == [UInt16].self { return try buffer.deltas(UInt16.self, in: range) as? T }
        if T.self == [Int16].self { return try buffer.deltas(Int16.self, in: range) as? T }
        if T.self == [Int8].self { return try buffer.deltas(Int8.self, in: range) as? T }
        if T.self == [UInt32].self { return try buffer.deltas(UInt32.self, in: range) as? T }
        if T.self == [Int64].self { return try buffer.deltas(Int64.self, in: range) as? T }
        if T.self == [UInt64].self { return try buffer.deltas(UInt64.self, in: range) as? T }
        if T.self == [Int].self { return try buffer.deltas(Int.self, in: range) as? T }
        if T.self == [UInt].self { return try buffer.deltas(UInt.self, in: range) as? T }
        if T.self == [String].self {
            var reader = ByteReader(buffer, range: range)
            var strings: [String] = []
            while !reader.isAtEnd { strings.append(try reader.readString()) }
            return strings as? T
        }
        if T.self == [String: Int32].self {
            var reader = ByteReader(buffer, range: range)
            var map: [String: Int32] = [:]
            while !reader.isAtEnd {
                let key = try reader.readString()
                map[key] = try reader.read(Int32.self)
            }
            return map as? T
        }
        return nil
    }
}
