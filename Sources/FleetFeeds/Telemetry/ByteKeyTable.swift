#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Open-addressing map from byte strings to dense ids, without making a `String` per lookup.
///
/// The exposition hot path looks up a metric name and a GPU identity on each of 400,000 lines per scrape;
/// hashing the bytes in place is several times cheaper than building and hashing Swift strings.
struct ByteKeyTable: Sendable {
    private var bucketIDs: [Int32]
    private var bucketHashes: [UInt64]
    private var keyStarts: [Int] = []
    private var keyBytes: [UInt8] = []
    private var mask: Int

    /// Number of keys.
    var count: Int { keyStarts.count }

    init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        bucketIDs = Array(repeating: -1, count: size)
        bucketHashes = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// A 64-bit hash of the bytes, eight at a time (the keys are 20–60 byte names and UUIDs).
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        guard let base = bytes.baseAddress else { return seed }
        let raw = UnsafeRawPointer(base)
        var h = seed ^ UInt64(bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 32)
    }

    /// The id of `bytes` (with precomputed `hash`), if present.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32? {
        var b = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = bucketIDs[b]
            if id < 0 { return nil }
            if bucketHashes[b] == hash, equals(Int(id), bytes) { return id }
            b = (b + 1) & mask
        }
    }

    /// Adds `bytes` (not present) and returns its new id.
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        if (count + 1) * 2 > bucketIDs.count { grow() }
        let id = Int32(count)
        keyStarts.append(keyBytes.count)
        keyBytes.append(contentsOf: bytes)
        place(id: id, hash: hash)
        return id
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[id]
        let end = id + 1 < keyStarts.count ? keyStarts[id + 1] : keyBytes.count
        guard end - start == bytes.count else { return false }
        guard let other = bytes.baseAddress else { return true }
        return keyBytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return false }
            return memcmp(base + start, other, bytes.count) == 0
        }
    }

    private mutating func place(id: Int32, hash: UInt64) {
        var b = Int(truncatingIfNeeded: hash) & mask
        while bucketIDs[b] >= 0 { b = (b + 1) & mask }
        bucketIDs[b] = id
        bucketHashes[b] = hash
    }

    private mutating func grow() {
        let oldIDs = bucketIDs, oldHashes = bucketHashes
        bucketIDs = Array(repeating: -1, count: oldIDs.count * 2)
        bucketHashes = Array(repeating: 0, count: oldIDs.count * 2)
        mask = bucketIDs.count - 1
        for (b, id) in oldIDs.enumerated() where id >= 0 { place(id: id, hash: oldHashes[b]) }
    }
}
