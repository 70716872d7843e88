import Synchronization

/// Encodes any `Encodable` into the compact binary body of a snapshot (see `BinarySnapshot` for the layout).
///
/// Every value inside a container is framed (a varint length, then its bytes), so a decoder can skip what it
/// does not ask for and an empty frame is nil. Keyed entries name their key by a number into a key table written
/// after the root value. Arrays of fixed-width numbers are copied as raw little-endian memory.
public enum BinaryEncoder {
    /// The size of the last body encoded in this process. The next encode reserves that much at once and a sixteenth
    /// more: a writer encodes about the same state every minute, and growing an 85 MB buffer by doubling copied and
    /// faulted in twice its size (a seventh of the encode at 100,000 GPUs) — as it did whenever the state had grown by
    /// a few bytes since (room never written is never faulted in).
    private static let lastBodySize = Atomic<Int>(0)

    /// The body bytes of `value`: the framed root value followed by the key table.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let last = lastBodySize.load(ordering: .relaxed)
        let body = try encode(value, after: [], capacity: max(1 << 20, last + last / 16))
        lastBodySize.store(body.count, ordering: .relaxed)
        return body
    }

    /// `prefix` followed by the body bytes of `value`, in a buffer that starts with room for `capacity` bytes (an
    /// event's few kB: it neither reserves nor records a snapshot's size).
    static func encode<T: Encodable>(_ value: T, after prefix: [UInt8], capacity: Int) throws -> [UInt8] {
        let sink = BinaryEncodingSink(capacity: capacity)
        sink.out.appendRaw(prefix)
        try sink.encodeFramed(value, codingPath: [])
        try sink.finish()
        var keyTable = ByteWriter()
        keyTable.appendVarint(UInt64(sink.keys.count))
        for key in sink.keys { keyTable.appendString(key) }
        sink.out.appendRaw(keyTable.bytes)
        return sink.out.bytes
    }
}

/// The shared output of one encode: the buffer, the key table, and the frames nested containers left open.
final class BinaryEncodingSink {
    var out: ByteWriter
    private(set) var keys: [String] = []
    private var keyIDs: [String: UInt64] = [:]
    /// A sink whose buffer starts with room for `capacity` bytes.
    init(capacity: Int) { out = ByteWriter(capacity: capacity) }

    /// Frames opened by `nestedContainer`/`superEncoder`, closed when their parent writes again.
    private var openFrames: [Int] = []
    private var misuse: String?

    func keyID(_ name: String) -> UInt64 {
        if let id = keyIDs[name] { return id }
        let id = UInt64(keys.count)
        keys.append(name)
        keyIDs[name] = id
        return id
    }

    /// Writes a fixed-width value as one frame.
    func writeFramed<T: BitwiseCopyable>(_ value: T) { out.appendFramed(value) }

    /// Set by a single-value `encodeNil`, so that the frame around it becomes a nil frame.
    var wroteNil = false

    /// The nesting depth of open frames; a container remembers it and closes deeper frames before writing.
    var depth: Int { openFrames.count }

    /// Closes frames opened below `depth` (a nested container its parent has moved past).
    func close(above depth: Int) {
        while openFrames.count > depth { out.endFrame(openFrames.removeLast()) }
    }

    /// Opens a frame for a nested container that stays open until its parent writes again.
    func openNested() -> Int {
        openFrames.append(out.beginFrame())
        return openFrames.count
    }

    /// A nested container wrote after its parent had moved on: the bytes would interleave, so the encode fails.
    func checkStillOpen(_ depth: Int, codingPath: [any CodingKey]) {
        if openFrames.count < depth, misuse == nil {
            misuse = "a nested container at \(codingPath.map(\.stringValue)) was written after its parent moved on"
        }
    }

    func finish() throws {
        close(above: 0)
        if let misuse {
            throw EncodingError.invalidValue(misuse, EncodingError.Context(codingPath: [], debugDescription: misuse))
        }
    }

    /// Values framed inside each other at the current position (the root is 1).
    private var framedDepth = 0
    /// Frames this shallow (the root, the state's tables and their columns) keep room for a length of up to 32 GB,
    /// so that closing them never moves their body; deeper frames are small and start with one byte.
    private static let wideFrameDepth = 3
    private static let wideFrameWidth = 5

    /// Writes `value` as one frame at the current position.
    func encodeFramed<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        framedDepth += 1
        defer { framedDepth -= 1 }
        let width = framedDepth <= Self.wideFrameDepth ? Self.wideFrameWidth : 1
        let start = out.beginFrame(width: width)
        wroteNil = false
        try encodeBody(value, codingPath: codingPath)
        // Optional.none encodes as a single-value nil: its frame becomes the lone 0 that means nil.
        if wroteNil && out.count == start {
            out.endNilFrame(start, width: width)
        } else {
            out.endFrame(start, width: width)
        }
        wroteNil = false
    }

    /// Writes `value`'s bytes (no frame): fixed-width arrays and strings directly, anything else by its `encode(to:)`.
    func encodeBody<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if FixedWidthArrays.encode(value, into: &out) { return }
        if T.self == String.self, let string = value as? String {
            out.appendUTF8(string)
            return
        }
        let depthBefore = depth
        try value.encode(to: BinaryValueEncoder(sink: self, codingPath: codingPath, depth: depthBefore))
        close(above: depthBefore)
    }
}

/// The `Encoder` handed to one value's `encode(to:)`; its containers write into the shared sink.
struct BinaryValueEncoder: Encoder {
    let sink: BinaryEncodingSink
    let codingPath: [any CodingKey]
    let depth: Int
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy _: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(BinaryKeyedEncoder<Key>(sink: sink, codingPath: codingPath, depth: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        BinaryUnkeyedEncoder(sink: sink, codingPath: codingPath, depth: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        BinarySingleValueEncoder(sink: sink, codingPath: codingPath, depth: depth)
    }
}

/// Keyed entries: a varint key id, then the framed value; nil values are left out.
struct BinaryKeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: BinaryEncodingSink
    let codingPath: [any CodingKey]
    let depth: Int

    private func entry(_ key: Key) { entry(named: key.stringValue) }

    private func entry(named name: String) {
        sink.checkStillOpen(depth, codingPath: codingPath)
        sink.close(above: depth)
        sink.out.appendVarint(sink.keyID(name))
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws { entry(key); sink.writeFramed(UInt8(value ? 1 : 0)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { entry(key); sink.writeFramed(Int64(value)) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { entry(key); sink.writeFramed(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { entry(key); sink.writeFramed(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { entry(key); sink.out.appendFramedString(value) }

    mutating func encodeNil(forKey key: Key) throws {
        entry(key)
        sink.out.appendNil()
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        entry(key)
        try sink.encodeFramed(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        entry(key)
        let depth = sink.openNested()
        return KeyedEncodingContainer(BinaryKeyedEncoder<NestedKey>(sink: sink, codingPath: codingPath + [key], depth: depth))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        entry(key)
        return BinaryUnkeyedEncoder(sink: sink, codingPath: codingPath + [key], depth: sink.openNested())
    }

    mutating func superEncoder() -> any Encoder {
        entry(named: BinarySuperKey.name)
        return BinaryValueEncoder(sink: sink, codingPath: codingPath + [BinarySuperKey()], depth: sink.openNested())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        entry(key)
        return BinaryValueEncoder(sink: sink, codingPath: codingPath + [key], depth: sink.openNested())
    }
}

/// The key `superEncoder()`/`superDecoder()` use when the caller names none.
struct BinarySuperKey: CodingKey {
    static let name = "super"
    var stringValue: String { Self.name }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { if stringValue != Self.name { return nil } }
    init?(intValue: Int) { nil }
}

/// Unkeyed elements: framed values one after another until the container's own frame ends.
struct BinaryUnkeyedEncoder: UnkeyedEncodingContainer {
    let sink: BinaryEncodingSink
    let codingPath: [any CodingKey]
    let depth: Int
    private(set) var count = 0

    init(sink: BinaryEncodingSink, codingPath: [any CodingKey], depth: Int) {
        self.sink = sink
        self.codingPath = codingPath
        self.depth = depth
    }

    private mutating func element() {
        sink.checkStillOpen(depth, codingPath: codingPath)
        sink.close(above: depth)
        count += 1
    }

    mutating func encodeNil() throws {
        element()
        sink.out.appendNil()
    }

    mutating func encode(_ value: Bool) throws { element(); sink.writeFramed(UInt8(value ? 1 : 0)) }
    mutating func encode(_ value: Double) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: Float) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: Int) throws { element(); sink.writeFramed(Int64(value)) }
    mutating func encode(_ value: Int8) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: Int16) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: Int32) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: Int64) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: UInt) throws { element(); sink.writeFramed(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: UInt16) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: UInt32) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: UInt64) throws { element(); sink.writeFramed(value) }
    mutating func encode(_ value: String) throws { element(); sink.out.appendFramedString(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        element()
        try sink.encodeFramed(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy _: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        element()
        return KeyedEncodingContainer(BinaryKeyedEncoder<NestedKey>(sink: sink, codingPath: codingPath, depth: sink.openNested()))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        element()
        return BinaryUnkeyedEncoder(sink: sink, codingPath: codingPath, depth: sink.openNested())
    }

    mutating func superEncoder() -> any Encoder {
        element()
        return BinaryValueEncoder(sink: sink, codingPath: codingPath, depth: sink.openNested())
    }
}

/// A single value: its bytes alone (the enclosing frame gives the length; nothing at all is nil).
struct BinarySingleValueEncoder: SingleValueEncodingContainer {
    let sink: BinaryEncodingSink
    let codingPath: [any CodingKey]
    let depth: Int

    mutating func encodeNil() throws { sink.wroteNil = true }
    mutating func encode(_ value: Bool) throws { sink.out.append(UInt8(value ? 1 : 0)) }
    mutating func encode(_ value: String) throws { sink.out.appendUTF8(value) }
    mutating func encode(_ value: Double) throws { sink.out.append(value) }
    mutating func encode(_ value: Float) throws { sink.out.append(value) }
    mutating func encode(_ value: Int) throws { sink.out.append(Int64(value)) }
    mutating func encode(_ value: Int8) throws { sink.out.append(value) }
    mutating func encode(_ value: Int16) throws { sink.out.append(value) }
    mutating func encode(_ value: Int32) throws { sink.out.append(value) }
    mutating func encode(_ value: Int64) throws { sink.out.append(value) }
    mutating func encode(_ value: UInt) throws { sink.out.append(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { sink.out.append(value) }
    mutating func encode(_ value: UInt16) throws { sink.out.append(value) }
    mutating func encode(_ value: UInt32) throws { sink.out.append(value) }
    mutating func encode(_ value: UInt64) throws { sink.out.append(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try sink.encodeBody(value, codingPath: codingPath) }
}
