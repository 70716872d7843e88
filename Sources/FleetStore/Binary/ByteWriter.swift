#if _endian(big)
#error("the binary snapshot format copies fixed-width numbers as little-endian memory")
#endif

/// A growing byte buffer with the little-endian writers of the binary snapshot format.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Number of bytes written so far.
    var count: Int { bytes.count }

    /// Appends a fixed-width value as its little-endian bytes.
    mutating func append<T: BitwiseCopyable>(_ value: T) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
    }

    /// Appends an unsigned LEB128 varint (7 bits a byte, low bits first).
    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends the UTF-8 bytes of `string`, unprefixed.
    mutating func appendUTF8(_ string: String) {
        var s = string
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends a varint length and the UTF-8 bytes of `string`.
    mutating func appendString(_ string: String) {
        var s = string
        s.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends a frame holding the UTF-8 bytes of `string`.
    mutating func appendFramedString(_ string: String) {
        var s = string
        s.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count) + 1)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends a frame holding one fixed-width value.
    mutating func appendFramed<T: BitwiseCopyable>(_ value: T) {
        appendVarint(UInt64(MemoryLayout<T>.size) + 1)
        append(value)
    }

    /// Appends a nil frame.
    mutating func appendNil() { bytes.append(0) }

    /// Appends the memory of a contiguous array of fixed-width numbers (little-endian on every supported host).
    mutating func appendRaw<T: BitwiseCopyable>(_ array: [T]) {
        array.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// Appends an array of integers as the wrapping differences between neighbours (the first from 0): columns
    /// and time series whose neighbours are alike become runs of small numbers, which deflate packs several times
    /// tighter and faster than the values.
    mutating func appendDeltas<T: FixedWidthInteger & BitwiseCopyable>(_ array: [T]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: array.count * MemoryLayout<T>.stride))
        bytes.withUnsafeMutableBytes { raw in
            let out = UnsafeMutableRawBufferPointer(rebasing: raw[start...])
            var previous: T = 0
            for (i, value) in array.enumerated() {
                out.storeBytes(of: value &- previous, toByteOffset: i * MemoryLayout<T>.stride, as: T.self)
                previous = value
            }
        }
    }

    /// Opens a frame (a varint of its length + 1, then that many bytes; a lone 0 is nil); returns where its body starts.
    mutating func beginFrame() -> Int {
        bytes.append(0)
        return bytes.count
    }

    /// Closes the frame whose body started at `start`: writes its length + 1, widening the one-byte prefix if needed.
    mutating func endFrame(_ start: Int) {
        let length = bytes.count - start + 1
        if length < 0x80 {
            bytes[start - 1] = UInt8(length)
            return
        }
        var prefix = ByteWriter()
        prefix.appendVarint(UInt64(length))
        bytes[start - 1] = prefix.bytes[0]
        bytes.insert(contentsOf: prefix.bytes[1...], at: start)
    }
}
