import Foundation

/// The payload of one stored event: magic `FDEV` and a body version, then the `BinaryEncoder` body (uncompressed: an
/// event is a few kB, mostly float columns copied whole).
///
/// Events were JSON up to state format 3 (a JSON event starts with `{`); readers decode both, so a store keeps its
/// older events. Decoding binary telemetry is a memory copy per column where JSON parsed every number as text, which
/// made a follower's catch-up of 10,000 simulator events take seconds.
public enum BinaryEvent {
    /// The first bytes of every binary event: "FDEV" and body version 2 (integer arrays as byte-plane deltas).
    public static let magic: [UInt8] = [0x46, 0x44, 0x45, 0x56, 0x02]
    /// Room reserved for one event's bytes; a larger one grows its buffer.
    static let typicalSize = 4096

    /// Whether `payload` is a binary event (older stores hold JSON events).
    public static func isBinary(_ payload: some Collection<UInt8>) -> Bool { payload.starts(with: magic) }

    /// The payload bytes of `event`.
    public static func encode<T: Encodable>(_ event: T) throws -> [UInt8] {
        try BinaryEncoder.encode(event, after: magic, capacity: typicalSize)
    }

    /// Decodes a payload written by `encode`; damaged bytes throw `BinaryFormatError` or a `DecodingError`.
    public static func decode<T: Decodable>(_: T.Type, from payload: [UInt8]) throws -> T {
        guard isBinary(payload) else { throw BinaryFormatError("not a binary event: it does not start with FDEV 2") }
        return try BinaryDecoder.decode(T.self, from: payload, startingAt: magic.count, planarDeltas: true)
    }
}
