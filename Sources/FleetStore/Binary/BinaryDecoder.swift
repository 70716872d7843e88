/// Decodes what `BinaryEncoder` wrote; every length is checked against the bytes left, so damaged input is an error.
public enum BinaryDecoder {
    /// Deepest nesting of containers a decode follows (the types decide the depth; this stops a hostile loop).
    static let maxDepth = 128

    /// Decodes a `T` from the body bytes of `BinaryEncoder.encode`.
    public static func decode<T: Decodable>(_: T.Type, from bytes: [UInt8]) throws -> T {
        try decode(T.self, from: bytes, planarDeltas: true)
    }

    /// Decodes a body whose integer arrays are byte planes (container version 2 on) or plain deltas (version 1).
    /// The body starts at `start` (after an event's magic).
    static func decode<T: Decodable>(_: T.Type, from bytes: [UInt8], startingAt start: Int = 0, planarDeltas: Bool) throws -> T {
        let buffer = ByteBuffer(bytes, planarDeltas: planarDeltas)
        var reader = ByteReader(buffer, range: min(start, bytes.count)..<bytes.count)
        let root = try reader.readFrame()
        let keyCount = try reader.readVarint()
        guard keyCount <= UInt64(reader.remaining) else {
            throw BinaryFormatError("key table claims \(keyCount) keys in \(reader.remaining) bytes")
        }
        var keyNames: [String] = []
        for _ in 0..<keyCount { keyNames.append(try reader.readString()) }
        guard reader.isAtEnd else { throw BinaryFormatError("\(reader.remaining) unexpected bytes after the key table") }
        let context = BinaryDecodingContext(buffer: buffer, keyNames: keyNames)
        return try context.decode(T.self, in: root, codingPath: [], depth: 0)
    }
}

/// What every container of one decode shares: the bytes and the key table.
final class BinaryDecodingContext {
    let buffer: ByteBuffer
    /// Key names by id, and ids by name.
    let keyNames: [String]
    let keyIDs: [String: UInt64]

    init(buffer: ByteBuffer, keyNames: [String]) {
        self.buffer = buffer
        self.keyNames = keyNames
        keyIDs = Dictionary(keyNames.enumerated().map { ($1, UInt64($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Decodes the value whose body is `range` (nil: a nil frame, which only an optional type accepts).
    ///
    /// Here and below the coding path is built only when it is used (a nested decoder, an error): a 100,000-GPU
    /// snapshot has hundreds of thousands of keyed fields, and an array per field was a good part of its decode.
    func decode<T: Decodable>(_: T.Type, in range: Range<Int>?, codingPath: @autoclosure () -> [any CodingKey], depth: Int) throws -> T {
        if let range {
            if let fast = try FixedWidthArrays.decode(T.self, from: buffer, range: range) { return fast }
            if T.self == String.self, let s = buffer.string(in: range) as? T { return s }
        }
        guard depth < BinaryDecoder.maxDepth else {
            throw BinaryFormatError("nesting deeper than \(BinaryDecoder.maxDepth) at \(codingPath().map(\.stringValue))")
        }
        return try T(from: BinaryValueDecoder(context: self, range: range, codingPath: codingPath(), depth: depth + 1))
    }

    /// The body of a value that must not be nil.
    func present(_ range: Range<Int>?, _ type: Any.Type, codingPath: @autoclosure () -> [any CodingKey]) throws -> Range<Int> {
        guard let range else {
            throw DecodingError.valueNotFound(type, DecodingError.Context(codingPath: codingPath(), debugDescription: "nil where a \(type) was expected"))
        }
        return range
    }

    func string(in range: Range<Int>?, codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        buffer.string(in: try present(range, String.self, codingPath: codingPath()))
    }

    /// A fixed-width value that must fill `range` exactly.
    func primitive<T: BitwiseCopyable>(_: T.Type, in body: Range<Int>?, codingPath: @autoclosure () -> [any CodingKey]) throws -> T {
        let range = try present(body, T.self, codingPath: codingPath())
        guard range.count == MemoryLayout<T>.size else {
            throw DecodingError.typeMismatch(T.self, DecodingError.Context(
                codingPath: codingPath(), debugDescription: "\(range.count) bytes at byte \(range.lowerBound), not a \(T.self)"))
        }
        var reader = ByteReader(buffer, range: range)
        return try reader.read(T.self)
    }

    func bool(in range: Range<Int>?, codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        switch try primitive(UInt8.self, in: range, codingPath: codingPath()) {
        case 0: false
        case 1: true
        case let b:
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: codingPath(), debugDescription: "Bool byte \(b)"))
        }
    }

    func int(in range: Range<Int>?, codingPath: @autoclosure () -> [any CodingKey]) throws -> Int {
        Int(try primitive(Int64.self, in: range, codingPath: codingPath()))
    }

    func uint(in range: Range<Int>?, codingPath: @autoclosure () -> [any CodingKey]) throws -> UInt {
        UInt(try primitive(UInt64.self, in: range, codingPath: codingPath()))
    }
}

/// The `Decoder` handed to one value's `init(from:)`: its body is `range` (nil for a nil frame).
struct BinaryValueDecoder: Decoder {
    let context: BinaryDecodingContext
    let range: Range<Int>?
    let codingPath: [any CodingKey]
    let depth: Int
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy _: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let body = try context.present(range, KeyedDecodingContainer<Key>.self, codingPath: codingPath)
        return KeyedDecodingContainer(try BinaryKeyedDecoder<Key>(context: context, range: body, codingPath: codingPath, depth: depth))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        BinaryUnkeyedDecoder(context: context, range: try context.present(range, [Any].self, codingPath: codingPath),
                             codingPath: codingPath, depth: depth)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        BinarySingleValueDecoder(context: context, range: range, codingPath: codingPath, depth: depth)
    }
}
