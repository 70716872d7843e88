import CZlib

/// The versioned container of a binary snapshot: a header, then the encoded body in deflate-compressed chunks.
///
/// Layout (little-endian): magic `FDSNAP` 0x00 0x1A, format version (UInt16), chunk count (UInt32), then per chunk
/// its raw and compressed sizes (UInt32 each), then the compressed chunks. Each chunk's raw size is checked against what deflate can produce from its compressed size, so a
/// damaged header cannot make the reader allocate more than the input could hold.
public enum BinarySnapshot {
    /// The first bytes of every binary snapshot.
    public static let magic: [UInt8] = [0x46, 0x44, 0x53, 0x4E, 0x41, 0x50, 0x00, 0x1A]
    /// The container version this build writes. Version 2 stores integer arrays as zigzag deltas in byte planes;
    /// version 1 (plain deltas) is still read.
    public static let formatVersion: UInt16 = 2
    /// The oldest container version this build reads.
    static let oldestReadableVersion: UInt16 = 1
    /// Raw bytes per chunk: large enough to compress well, small enough to bound what one damaged size can claim.
    static let chunkSize = 4 << 20
    /// deflate's best case is about 1032:1; anything claiming more is damaged.
    static let maxRatio = 1032
    /// zlib level 1: most of the size win at several times the speed of the default.
    static let level: Int32 = 1
    /// Run-length matches only: the body is mostly delta-coded columns and rings (runs of small numbers), where
    /// searching for longer matches cost a quarter more time for a tenth smaller output (README, benchmarks).
    static let strategy: Int32 = Z_RLE

    /// Whether `payload` starts like a binary snapshot (older stores hold JSON snapshots).
    public static func isBinary(_ payload: some Collection<UInt8>) -> Bool { payload.starts(with: magic) }

    /// Encodes `value` and compresses it into a snapshot.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try compress(BinaryEncoder.encode(value))
    }

    /// Decodes a snapshot written by `encode`; damaged or truncated bytes throw `BinaryFormatError` or a `DecodingError`.
    public static func decode<T: Decodable>(_: T.Type, from payload: [UInt8]) throws -> T {
        let (body, version) = try inflate(payload)
        return try BinaryDecoder.decode(T.self, from: body, planarDeltas: version >= 2)
    }

    static func compress(_ body: [UInt8]) throws -> [UInt8] {
        let ranges = stride(from: 0, to: body.count, by: chunkSize).map { $0..<min($0 + chunkSize, body.count) }
        var chunks: [[UInt8]] = []
        for range in ranges {
            guard let chunk = deflateChunk(body, range) else { throw BinaryFormatError("deflate failed on a chunk of \(range.count) bytes") }
            chunks.append(chunk)
        }
        var out = ByteWriter(capacity: chunks.reduce(64 + 8 * ranges.count) { $0 + $1.count })
        out.appendRaw(magic)
        out.append(formatVersion)
        out.append(UInt32(ranges.count))
        for (range, chunk) in zip(ranges, chunks) {
            out.append(UInt32(range.count))
            out.append(UInt32(chunk.count))
        }
        for chunk in chunks { out.appendRaw(chunk) }
        return out.bytes
    }

    /// The body of a snapshot and the container version it was written in.
    static func inflate(_ payload: [UInt8]) throws(BinaryFormatError) -> (body: [UInt8], version: UInt16) {
        let buffer = ByteBuffer(payload)
        var reader = ByteReader(buffer, range: 0..<payload.count)
        guard isBinary(payload) else { throw BinaryFormatError("not a binary snapshot (no magic)") }
        _ = try reader.read((UInt64).self)
        let version = try reader.read(UInt16.self)
        guard (oldestReadableVersion...formatVersion).contains(version) else {
            throw BinaryFormatError("snapshot container version \(version); this build reads \(oldestReadableVersion) to \(formatVersion)")
        }
        let count = Int(try reader.read(UInt32.self))
        guard count <= reader.remaining / 8 else { throw BinaryFormatError("\(count) chunks cannot fit in \(reader.remaining) bytes") }
        var sizes: [(raw: Int, compressed: Int)] = []
        for _ in 0..<count { sizes.append((Int(try reader.read(UInt32.self)), Int(try reader.read(UInt32.self)))) }
        var ranges: [Range<Int>] = []
        var offset = reader.position
        for (i, size) in sizes.enumerated() {
            guard size.compressed <= payload.count - offset else {
                throw BinaryFormatError("chunk \(i) of \(size.compressed) bytes runs past the end of the snapshot")
            }
            guard size.raw > 0, size.raw <= size.compressed * maxRatio, size.raw <= chunkSize else {
                throw BinaryFormatError("chunk \(i) claims \(size.raw) bytes from \(size.compressed)")
            }
            ranges.append(offset..<offset + size.compressed)
            offset += size.compressed
        }
        guard offset == payload.count else { throw BinaryFormatError("\(payload.count - offset) bytes after the last chunk") }
        let total = sizes.reduce(0) { $0 + $1.raw }
        var failedChunk: Int?
        // Each chunk inflates straight into its place in the body (no second copy of a body this size).
        let body = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            var start = 0
            for i in 0..<count {
                let piece = UnsafeMutableBufferPointer(rebasing: out[start..<start + sizes[i].raw])
                guard inflateChunk(payload, ranges[i], into: piece) else {
                    failedChunk = i
                    break
                }
                start += sizes[i].raw
            }
            initialized = failedChunk == nil ? total : 0
        }
        if let chunk = failedChunk {
            throw BinaryFormatError("chunk \(chunk) does not inflate to its \(sizes[chunk].raw) bytes")
        }
        return (body, version)
    }

    private static func deflateChunk(_ body: [UInt8], _ range: Range<Int>) -> [UInt8]? {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, MAX_WBITS, 8, strategy, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { deflateEnd(&stream) }
        let capacity = Int(deflateBound(&stream, uLong(range.count)))
        var ok = false
        let out = [UInt8](unsafeUninitializedCapacity: capacity) { dest, initialized in
            body.withUnsafeBufferPointer { src in
                let source = UnsafeBufferPointer(rebasing: src[range])
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(range.count)
                stream.next_out = dest.baseAddress
                stream.avail_out = uInt(capacity)
                ok = deflate(&stream, Z_FINISH) == Z_STREAM_END
            }
            initialized = ok ? Int(stream.total_out) : 0
        }
        return ok ? out : nil
    }

    /// Inflates the compressed bytes at `range` into `dest`, which they must fill exactly.
    private static func inflateChunk(_ payload: [UInt8], _ range: Range<Int>, into dest: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        var produced = uLong(dest.count)
        return payload.withUnsafeBufferPointer { src in
            let source = UnsafeBufferPointer(rebasing: src[range])
            return uncompress(dest.baseAddress, &produced, source.baseAddress, uLong(range.count)) == Z_OK && produced == uLong(dest.count)
        }
    }
}
