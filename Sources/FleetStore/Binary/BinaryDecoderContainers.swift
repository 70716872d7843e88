/// Keyed entries of one frame, scanned once: key id → the range of its framed value.
struct BinaryKeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let context: BinaryDecodingContext
    let codingPath: [any CodingKey]
    let depth: Int
    private var entries: [(id: UInt64, body: Range<Int>?)] = []
    /// Built only for large containers (dictionaries), where a linear search would be quadratic.
    private var index: [UInt64: Int]?

    init(context: BinaryDecodingContext, range: Range<Int>, codingPath: [any CodingKey], depth: Int) throws {
        self.context = context
        self.codingPath = codingPath
        self.depth = depth
        var reader = ByteReader(context.buffer, range: range)
        while !reader.isAtEnd {
            let id = try reader.readVarint()
            entries.append((id, try reader.readFrame()))
        }
        if entries.count > 16 {
            index = Dictionary(entries.indices.map { (entries[$0].id, $0) }, uniquingKeysWith: { _, last in last })
        }
    }

    private func entry(_ key: Key) -> Int? {
        guard let id = context.keyIDs[key.stringValue] else { return nil }
        if let index { return index[id] }
        return entries.firstIndex { $0.id == id }
    }

    /// The body of `key`'s value (nil when the value is nil); throws when the key is absent.
    private func require(_ key: Key) throws -> Range<Int>? {
        guard let i = entry(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
        }
        return entries[i].body
    }

    private func body(_ key: Key) throws -> Range<Int> {
        try context.present(require(key), Any.self, codingPath: codingPath + [key])
    }

    var allKeys: [Key] {
        entries.compactMap { $0.id < UInt64(context.keyNames.count) ? Key(stringValue: context.keyNames[Int($0.id)]) : nil }
    }

    func contains(_ key: Key) -> Bool { entry(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try require(key) == nil }

    func decode(_: Bool.Type, forKey key: Key) throws -> Bool { try context.bool(in: require(key), codingPath: codingPath + [key]) }
    func decode(_: String.Type, forKey key: Key) throws -> String { try context.string(in: require(key), codingPath: codingPath + [key]) }
    func decode(_: Double.Type, forKey key: Key) throws -> Double { try primitive(key) }
    func decode(_: Float.Type, forKey key: Key) throws -> Float { try primitive(key) }
    func decode(_: Int.Type, forKey key: Key) throws -> Int { try context.int(in: require(key), codingPath: codingPath + [key]) }
    func decode(_: Int8.Type, forKey key: Key) throws -> Int8 { try primitive(key) }
    func decode(_: Int16.Type, forKey key: Key) throws -> Int16 { try primitive(key) }
    func decode(_: Int32.Type, forKey key: Key) throws -> Int32 { try primitive(key) }
    func decode(_: Int64.Type, forKey key: Key) throws -> Int64 { try primitive(key) }
    func decode(_: UInt.Type, forKey key: Key) throws -> UInt { try context.uint(in: require(key), codingPath: codingPath + [key]) }
    func decode(_: UInt8.Type, forKey key: Key) throws -> UInt8 { try primitive(key) }
    func decode(_: UInt16.Type, forKey key: Key) throws -> UInt16 { try primitive(key) }
    func decode(_: UInt32.Type, forKey key: Key) throws -> UInt32 { try primitive(key) }
    func decode(_: UInt64.Type, forKey key: Key) throws -> UInt64 { try primitive(key) }

    private func primitive<T: BitwiseCopyable>(_ key: Key) throws -> T {
        try context.primitive(T.self, in: require(key), codingPath: codingPath + [key])
    }

    func decode<T: Decodable>(_: T.Type, forKey key: Key) throws -> T {
        try context.decode(T.self, in: require(key), codingPath: codingPath + [key], depth: depth)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try BinaryKeyedDecoder<NestedKey>(context: context, range: body(key), codingPath: codingPath + [key],
                                                                 depth: try deeper()))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        BinaryUnkeyedDecoder(context: context, range: try body(key), codingPath: codingPath + [key], depth: try deeper())
    }

    func superDecoder() throws -> any Decoder {
        guard let id = context.keyIDs[BinarySuperKey.name], let i = entries.firstIndex(where: { $0.id == id }) else {
            throw DecodingError.keyNotFound(BinarySuperKey(), DecodingError.Context(codingPath: codingPath, debugDescription: "no super value"))
        }
        return BinaryValueDecoder(context: context, range: entries[i].body, codingPath: codingPath + [BinarySuperKey()], depth: try deeper())
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        BinaryValueDecoder(context: context, range: try require(key), codingPath: codingPath + [key], depth: try deeper())
    }

    private func deeper() throws -> Int {
        guard depth < BinaryDecoder.maxDepth else { throw BinaryFormatError("nesting deeper than \(BinaryDecoder.maxDepth)") }
        return depth + 1
    }
}

/// Framed elements one after another until the frame ends.
struct BinaryUnkeyedDecoder: UnkeyedDecodingContainer {
    let context: BinaryDecodingContext
    let codingPath: [any CodingKey]
    let depth: Int
    private var reader: ByteReader
    private(set) var currentIndex = 0
    var count: Int? { nil }
    var isAtEnd: Bool { reader.isAtEnd }

    init(context: BinaryDecodingContext, range: Range<Int>, codingPath: [any CodingKey], depth: Int) {
        self.context = context
        self.codingPath = codingPath
        self.depth = depth
        reader = ByteReader(context.buffer, range: range)
    }

    private mutating func next() throws -> Range<Int>? {
        guard !reader.isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, DecodingError.Context(codingPath: codingPath, debugDescription: "no element \(currentIndex)"))
        }
        currentIndex += 1
        return try reader.readFrame()
    }

    private var path: [any CodingKey] { codingPath }

    mutating func decodeNil() throws -> Bool {
        guard !reader.isAtEnd else { return false }
        var probe = reader
        guard try probe.readFrame() == nil else { return false }
        reader = probe
        currentIndex += 1
        return true
    }

    mutating func decode(_: Bool.Type) throws -> Bool { try context.bool(in: next(), codingPath: path) }
    mutating func decode(_: String.Type) throws -> String { try context.string(in: next(), codingPath: path) }
    mutating func decode(_: Double.Type) throws -> Double { try primitive() }
    mutating func decode(_: Float.Type) throws -> Float { try primitive() }
    mutating func decode(_: Int.Type) throws -> Int { try context.int(in: next(), codingPath: path) }
    mutating func decode(_: Int8.Type) throws -> Int8 { try primitive() }
    mutating func decode(_: Int16.Type) throws -> Int16 { try primitive() }
    mutating func decode(_: Int32.Type) throws -> Int32 { try primitive() }
    mutating func decode(_: Int64.Type) throws -> Int64 { try primitive() }
    mutating func decode(_: UInt.Type) throws -> UInt { try context.uint(in: next(), codingPath: path) }
    mutating func decode(_: UInt8.Type) throws -> UInt8 { try primitive() }
    mutating func decode(_: UInt16.Type) throws -> UInt16 { try primitive() }
    mutating func decode(_: UInt32.Type) throws -> UInt32 { try primitive() }
    mutating func decode(_: UInt64.Type) throws -> UInt64 { try primitive() }

    private mutating func primitive<T: BitwiseCopyable>() throws -> T {
        try context.primitive(T.self, in: next(), codingPath: path)
    }

    mutating func decode<T: Decodable>(_: T.Type) throws -> T {
        try context.decode(T.self, in: next(), codingPath: path, depth: depth)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let body = try context.present(next(), Any.self, codingPath: path)
        return KeyedDecodingContainer(try BinaryKeyedDecoder<NestedKey>(context: context, range: body, codingPath: path, depth: try deeper()))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        BinaryUnkeyedDecoder(context: context, range: try context.present(next(), Any.self, codingPath: path), codingPath: path,
                             depth: try deeper())
    }

    mutating func superDecoder() throws -> any Decoder {
        BinaryValueDecoder(context: context, range: try next(), codingPath: path, depth: try deeper())
    }

    private func deeper() throws -> Int {
        guard depth < BinaryDecoder.maxDepth else { throw BinaryFormatError("nesting deeper than \(BinaryDecoder.maxDepth)") }
        return depth + 1
    }
}

/// One value whose body is the whole range; no range is nil.
struct BinarySingleValueDecoder: SingleValueDecodingContainer {
    let context: BinaryDecodingContext
    let range: Range<Int>?
    let codingPath: [any CodingKey]
    let depth: Int

    func decodeNil() -> Bool { range == nil }
    func decode(_: Bool.Type) throws -> Bool { try context.bool(in: range, codingPath: codingPath) }
    func decode(_: String.Type) throws -> String { try context.string(in: range, codingPath: codingPath) }
    func decode(_: Double.Type) throws -> Double { try primitive() }
    func decode(_: Float.Type) throws -> Float { try primitive() }
    func decode(_: Int.Type) throws -> Int { try context.int(in: range, codingPath: codingPath) }
    func decode(_: Int8.Type) throws -> Int8 { try primitive() }
    func decode(_: Int16.Type) throws -> Int16 { try primitive() }
    func decode(_: Int32.Type) throws -> Int32 { try primitive() }
    func decode(_: Int64.Type) throws -> Int64 { try primitive() }
    func decode(_: UInt.Type) throws -> UInt { try context.uint(in: range, codingPath: codingPath) }
    func decode(_: UInt8.Type) throws -> UInt8 { try primitive() }
    func decode(_: UInt16.Type) throws -> UInt16 { try primitive() }
    func decode(_: UInt32.Type) throws -> UInt32 { try primitive() }
    func decode(_: UInt64.Type) throws -> UInt64 { try primitive() }

    private func primitive<T: BitwiseCopyable>() throws -> T { try context.primitive(T.self, in: range, codingPath: codingPath) }

    func decode<T: Decodable>(_: T.Type) throws -> T {
        try context.decode(T.self, in: range, codingPath: codingPath, depth: depth)
    }
}
