/// Why binary snapshot bytes could not be read; every length is checked against the bytes that remain.
public struct BinaryFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What was wrong, and at which byte offset.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Bounds-checked little-endian reads from one range of a byte buffer.
struct ByteReader {
    let buffer: ByteBuffer
    private(set) var position: Int
    let end: Int

    init(_ buffer: ByteBuffer, range: Range<Int>) {
        self.buffer = buffer
        position = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }
    var remaining: Int { end - position }

    /// Reads a fixed-width value stored as its little-endian bytes.
    mutating func read<T: BitwiseCopyable>(_: T.Type) throws(BinaryFormatError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw truncated("\(T.self)", needs: size) }
        let value = buffer.bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: T.self) }
        position += size
        return value
    }

    /// Reads an unsigned LEB128 varint of at most 64 bits.
    mutating func readVarint() throws(BinaryFormatError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw truncated("varint", needs: 1) }
            let byte = buffer.bytes[position]
            position += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw BinaryFormatError("varint longer than 64 bits at byte \(position - 1)") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// Reads a frame (varint length + 1, then the body); nil for a nil frame. The body must fit in what remains.
    mutating func readFrame() throws(BinaryFormatError) -> Range<Int>? {
        let lengthPlusOne = try readVarint()
        if lengthPlusOne == 0 { return nil }
        return try body(length: lengthPlusOne - 1)
    }

    /// Reads a varint length that must fit in the bytes that remain; returns their range and skips them.
    mutating func readLengthPrefixed() throws(BinaryFormatError) -> Range<Int> {
        try body(length: try readVarint())
    }

    private mutating func body(length: UInt64) throws(BinaryFormatError) -> Range<Int> {
        guard length <= UInt64(remaining) else {
            throw BinaryFormatError("length \(length) at byte \(position) runs past the \(remaining) bytes left")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    /// Reads a varint-prefixed UTF-8 string.
    mutating func readString() throws(BinaryFormatError) -> String {
        buffer.string(in: try readLengthPrefixed())
    }

    private func truncated(_ what: String, needs: Int) -> BinaryFormatError {
        BinaryFormatError("\(what) at byte \(position) needs \(needs) bytes, \(remaining) left")
    }
}

/// The decoded bytes of one snapshot, shared by every reader and container of a decode.
final class ByteBuffer {
    let bytes: [UInt8]
    /// How integer arrays were written: zigzag deltas in byte planes (container version 2 on), else plain deltas.
    let planarDeltas: Bool

    init(_ bytes: [UInt8], planarDeltas: Bool = true) {
        self.bytes = bytes
        self.planarDeltas = planarDeltas
    }

    /// The UTF-8 text in `range` (invalid sequences become U+FFFD, as everywhere else text is read).
    func string(in range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// Reads an array written by `ByteWriter.appendDeltas`: the running sum of the stored differences.
    func deltas<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type, in range: Range<Int>) throws(BinaryFormatError) -> [T] {
        guard planarDeltas else { return try plainDeltas(T.self, in: range) }
        let width = MemoryLayout<T>.size
        guard range.count % width == 0 else {
            throw BinaryFormatError("array of \(T.self) at byte \(range.lowerBound) is \(range.count) bytes, not a multiple of \(width)")
        }
        let n = range.count / width
        return [T](unsafeUninitializedCapacity: n) { out, initialized in
            bytes.withUnsafeBufferPointer { src in
                let planes = UnsafeBufferPointer(rebasing: src[range])
                var running: T = 0
                for i in 0..<n {
                    var z: T = 0
                    for k in 0..<width { z |= T(truncatingIfNeeded: planes[k * n + i]) << (8 * k) }
                    running &+= Zigzag.decode(z)
                    out.initializeElement(at: i, to: running)
                }
            }
            initialized = n
        }
    }

    /// Reads an integer array of a version-1 snapshot: plain differences, one value after another.
    private func plainDeltas<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type, in range: Range<Int>) throws(BinaryFormatError) -> [T] {
        var values = try raw(T.self, in: range)
        values.withUnsafeMutableBufferPointer { v in
            var running: T = 0
            for i in v.indices {
                running &+= v[i]
                v[i] = running
            }
        }
        return values
    }

    /// Copies the memory of `count` fixed-width values out of `range`, whose length must be a whole multiple.
    func raw<T: BitwiseCopyable>(_: T.Type, in range: Range<Int>) throws(BinaryFormatError) -> [T] {
        let size = MemoryLayout<T>.stride
        guard range.count % size == 0 else {
            throw BinaryFormatError("array of \(T.self) at byte \(range.lowerBound) is \(range.count) bytes, not a multiple of \(size)")
        }
        let count = range.count / size
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBytes { src in
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: src[range]))
            }
            initialized = count
        }
    }
}
