import Foundation
import Testing
@testable import FleetStore

/// Every shape the binary coder has a path for: fast-path arrays, optionals (nil and empty are different),
/// enums with payloads, nested and string-keyed collections, integer-keyed dictionaries.
struct Shapes: Codable, Equatable {
    enum Kind: UInt8, Codable { case a, b, c }
    var name: String
    var empty: String
    var maybe: String?
    var maybeEmpty: String?
    var none: Int?
    var flag: Bool
    var small: Int8
    var big: UInt64
    var int: Int
    var bytes: [UInt8]
    var halves: [Int16]
    var floats: [Float]
    var doubles: [Double]
    var strings: [String]
    var emptyStrings: [String]?
    var index: [String: Int32]
    var kinds: [Kind]
    var slots: [SampleState?]
    var nested: [[Double]]
    var byNumber: [Int32: [String]]
    var byName: [String: SampleState]
    var events: [SampleEvent]
    var maybeEmptyArray: [Int]?

    static func sample(_ n: Int) -> Shapes {
        Shapes(name: "fleet-\(n) ✓", empty: "", maybe: "x", maybeEmpty: "", none: nil, flag: n % 2 == 0, small: -7, big: .max,
               int: -n, bytes: (0..<n).map { UInt8(truncatingIfNeeded: $0) }, halves: (0..<n).map { Int16(truncatingIfNeeded: $0 * 97) },
               floats: [.nan, .infinity, -0.0, 1.5] + (0..<n).map { Float($0) / 3 }, doubles: [-.infinity, .pi] + (0..<n).map(Double.init),
               strings: (0..<n).map { "gpu-\($0)" } + [""], emptyStrings: [], index: Dictionary(uniqueKeysWithValues: (0..<n).map { ("job-\($0)", Int32($0)) }),
               kinds: (0..<n).map { Kind(rawValue: UInt8($0 % 3)) ?? .a }, slots: (0..<n).map { $0 % 3 == 0 ? nil : SampleState(eventsSeen: $0, teams: ["t\($0)"]) },
               nested: [[], [1, 2], [.greatestFiniteMagnitude]], byNumber: [3: ["a"], -1: []],
               byName: Dictionary(uniqueKeysWithValues: (0..<n).map { ("team \($0)", SampleState(eventsSeen: $0, teams: [])) }),
               events: sampleEvents(n), maybeEmptyArray: [])
    }

    /// NaN is not equal to itself: compare floats by bit pattern.
    static func == (a: Shapes, b: Shapes) -> Bool {
        var x = a, y = b
        let floatBits = x.floats.map(\.bitPattern) == y.floats.map(\.bitPattern)
        x.floats = []
        y.floats = []
        return floatBits && x.name == y.name && x.empty == y.empty && x.maybe == y.maybe && x.maybeEmpty == y.maybeEmpty
            && x.none == y.none && x.flag == y.flag && x.small == y.small && x.big == y.big && x.int == y.int && x.bytes == y.bytes
            && x.halves == y.halves && x.doubles == y.doubles && x.strings == y.strings && x.emptyStrings == y.emptyStrings
            && x.index == y.index && x.kinds == y.kinds && x.slots == y.slots && x.nested == y.nested && x.byNumber == y.byNumber
            && x.byName == y.byName && x.events == y.events && x.maybeEmptyArray == y.maybeEmptyArray
    }
}

/// Optionals and arrays nested deeper than the frames that keep room for wide lengths.
struct Nested: Codable, Equatable {
    var top: Int?
    var deep: [[[[[UInt8]?]]]]
    var list: [String?]
}

@Suite struct BinarySnapshotTests {
    @Test("values of every shape round-trip through the binary snapshot", arguments: [0, 1, 5, 200, 5000])
    func roundTrip(size: Int) throws {
        let value = Shapes.sample(size)
        let bytes = try BinarySnapshot.encode(value)
        #expect(BinarySnapshot.isBinary(bytes))
        let back = try BinarySnapshot.decode(Shapes.self, from: bytes)
        #expect(back == value)
        #expect(back.maybeEmpty == "", "an empty string stays empty, not nil")
        #expect(back.maybeEmptyArray == [], "an empty array stays empty, not nil")
        #expect(back.none == nil)
    }

    @Test("a large body spans several chunks and round-trips")
    func manyChunks() throws {
        let big = (0..<3_000_000).map { Float($0 % 1000) }
        let bytes = try BinarySnapshot.encode(big)
        let chunks = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 10, as: UInt32.self) }
        #expect(chunks == 3, "12 MB of body in 4 MB chunks")
        #expect(try BinarySnapshot.decode([Float].self, from: bytes) == big)
    }

    @Test("fixed-width arrays are stored as raw memory: 100,000 bytes cost about 100,000 bytes before compression")
    func rawArrays() throws {
        let body = try BinaryEncoder.encode(Array(repeating: UInt8(7), count: 100_000))
        #expect(body.count == 100_000 + 5 + 1, "frame prefix (5 bytes kept for a shallow frame's length) + bytes + empty key table")
    }

    @Test("frame lengths: written into the room kept for them (padded varints) or widened when it is too small")
    func frameLengths() throws {
        for (length, width) in [(0, 1), (126, 1), (127, 1), (300, 1), (20_000, 1), (0, 5), (127, 5), (300, 5), (5_000_000, 5)] {
            var out = ByteWriter()
            out.append(UInt8(0xAB))
            let start = out.beginFrame(width: width)
            for i in 0..<length { out.append(UInt8(truncatingIfNeeded: i)) }
            out.endFrame(start, width: width)
            out.append(UInt8(0xCD))
            var reader = ByteReader(ByteBuffer(out.bytes), range: 0..<out.count)
            let before = try reader.read(UInt8.self)
            let frame = try reader.readFrame()
            let after = try reader.read(UInt8.self)
            let body = try #require(frame, "length \(length) in \(width) bytes")
            #expect(before == 0xAB && after == 0xCD && reader.isAtEnd)
            #expect(body.count == length)
            #expect(out.bytes[body].enumerated().allSatisfy { $0.element == UInt8(truncatingIfNeeded: $0.offset) })
        }
    }

    @Test("integer arrays of every width round-trip as zigzag deltas in byte planes, extremes included")
    func integerPlanes() throws {
        let edges: [Int64] = [0, -1, 1, .min, .max, .max, -5, 1 << 40, 0]
        try roundTrips(edges)
        try roundTrips(edges.map { UInt64(bitPattern: $0) })
        try roundTrips(edges.map { Int(truncatingIfNeeded: $0) })
        try roundTrips(edges.map { Int32(truncatingIfNeeded: $0) })
        try roundTrips(edges.map { UInt16(truncatingIfNeeded: $0) })
        try roundTrips(edges.map { Int8(truncatingIfNeeded: $0) })
        #expect(Zigzag.encode(Int16(-1)) == 1 && Zigzag.encode(UInt16.max) == 1 && Zigzag.encode(Int8(2)) == 4)
        // Small differences either way leave the upper plane all zeros after the first value (400 → zigzag 0x0320).
        let watts: [UInt16] = [400, 399, 401, 398, 402, 400]
        let body = try BinaryEncoder.encode(watts)
        let low = 5, high = 5 + watts.count
        #expect(Array(body[low..<high]) == [0x20, 1, 4, 5, 8, 3])
        #expect(body[high] == 0x03 && body[(high + 1)..<(high + watts.count)].allSatisfy { $0 == 0 })
    }

    private func roundTrips<T: FixedWidthInteger & Codable & BitwiseCopyable>(_ values: [T]) throws {
        #expect(try BinarySnapshot.decode([T].self, from: BinarySnapshot.encode(values)) == values, "\(T.self)")
    }

    @Test("a version-1 snapshot (integer arrays as plain deltas) still decodes")
    func versionOne() throws {
        let values: [Int32] = [5, 3, 1_000_000, -7]
        var body: [UInt8] = [UInt8(values.count * 4 + 1)]
        var previous: Int32 = 0
        for v in values {
            withUnsafeBytes(of: (v &- previous).littleEndian) { body += $0 }
            previous = v
        }
        body.append(0)  // an empty key table
        // A zlib stream of one stored (uncompressed) block: header, block header, LEN, NLEN, bytes, Adler-32.
        let length = UInt16(body.count)
        var stored: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        stored += body
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in body {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        withUnsafeBytes(of: ((b << 16) | a).bigEndian) { stored += $0 }
        var payload = BinarySnapshot.magic + [1, 0]
        for field in [UInt32(1), UInt32(body.count), UInt32(stored.count)] { withUnsafeBytes(of: field.littleEndian) { payload += $0 } }
        payload += stored
        #expect(try BinarySnapshot.decode([Int32].self, from: payload) == values)
    }

    @Test("nil and large values at every depth round-trip: wide shallow frames, widened deep ones")
    func depths() throws {
        let deep: [[[[[UInt8]?]]]] = [[[[Array(repeating: 9, count: 300), nil, []]]], [], [[[nil]]]]
        let value = Nested(top: nil, deep: deep, list: [nil, "x", nil, String(repeating: "é", count: 200)])
        #expect(try BinarySnapshot.decode(Nested.self, from: BinarySnapshot.encode(value)) == value)
        #expect(try BinarySnapshot.decode(Int?.self, from: BinarySnapshot.encode(Int?.none)) == nil)
    }

    @Test("every truncation of a snapshot is an error, never a crash")
    func truncated() throws {
        let bytes = try BinarySnapshot.encode(Shapes.sample(40))
        for length in 0..<bytes.count {
            #expect(throws: (any Error).self) { try BinarySnapshot.decode(Shapes.self, from: Array(bytes[0..<length])) }
        }
    }

    @Test("every truncation and every byte flip of an uncompressed body is an error or a value, never a crash")
    func damagedBody() throws {
        let body = try BinaryEncoder.encode(Shapes.sample(12))
        for length in 0..<body.count {
            #expect(throws: (any Error).self) { try BinaryDecoder.decode(Shapes.self, from: Array(body[0..<length])) }
        }
        var decodedAnyway = 0
        for i in body.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var damaged = body
                damaged[i] ^= flip
                if (try? BinaryDecoder.decode(Shapes.self, from: damaged)) != nil { decodedAnyway += 1 }
            }
        }
        // Flipped bits inside numbers still decode (as other numbers); a damaged root length must not.
        #expect(decodedAnyway < body.count * 3)
        var damaged = body
        damaged[0] ^= 0x40
        #expect(throws: (any Error).self) { try BinaryDecoder.decode(Shapes.self, from: damaged) }
    }

    @Test("a header claiming more than deflate can produce is refused before anything is allocated")
    func hostileHeader() throws {
        var bytes = try BinarySnapshot.encode(Shapes.sample(3))
        // First chunk's raw size (after magic 8, version 2, count 4) set to 4 GB.
        bytes.replaceSubrange(14..<18, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: BinaryFormatError.self) { try BinarySnapshot.decode(Shapes.self, from: bytes) }
        var chunks = try BinarySnapshot.encode(Shapes.sample(3))
        chunks.replaceSubrange(10..<14, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: BinaryFormatError.self) { try BinarySnapshot.decode(Shapes.self, from: chunks) }
    }

    @Test("a frame length past the end and an over-long varint are errors naming the byte")
    func hostileLengths() throws {
        let pastEnd = BinaryFormatErrorProbe.decode([0xFF, 0xFF, 0x03, 0x00])
        #expect(pastEnd?.description.contains("runs past") == true, "\(String(describing: pastEnd))")
        let longVarint = BinaryFormatErrorProbe.decode(Array(repeating: 0xFF, count: 11) + [0x00])
        #expect(longVarint?.description.contains("longer than 64 bits") == true, "\(String(describing: longVarint))")
    }

    @Test("a JSON snapshot and another container version are told apart from binary ones")
    func versions() throws {
        #expect(!BinarySnapshot.isBinary(Array(#"{"eventsSeen":1}"#.utf8)))
        var bytes = try BinarySnapshot.encode(SampleState(eventsSeen: 1, teams: []))
        bytes[8] = 3
        let error = BinaryFormatErrorProbe.snapshot(bytes)
        #expect(error?.description == "snapshot container version 3; this build reads 1 to 2")
    }
}

/// The `BinaryFormatError` a decode throws, if it throws one.
enum BinaryFormatErrorProbe {
    static func decode(_ body: [UInt8]) -> BinaryFormatError? {
        do {
            _ = try BinaryDecoder.decode(SampleState.self, from: body)
            return nil
        } catch {
            return error as? BinaryFormatError
        }
    }

    static func snapshot(_ bytes: [UInt8]) -> BinaryFormatError? {
        do {
            _ = try BinarySnapshot.decode(SampleState.self, from: bytes)
            return nil
        } catch {
            return error as? BinaryFormatError
        }
    }
}
