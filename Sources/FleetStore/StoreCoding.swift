import Foundation

/// How event payloads are written and read, the same in every store: binary (`BinaryEvent`); JSON events of older
/// stores are still read. JSON spells NaN and infinities as strings (telemetry's "no sample yet").
package enum StoreCoding {
    /// The payload bytes of a batch of `events`, the same in every store; a failure names the event's place in the batch.
    package static func payloads<E: Encodable>(_ events: [E], location: String) throws(StoreError) -> [Data] {
        var payloads: [Data] = []
        payloads.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            do {
                payloads.append(Data(try BinaryEvent.encode(event)))
            } catch {
                throw .io(path: location, detail: "cannot encode event #\(index) of the batch: \(error)")
            }
        }
        return payloads
    }

    /// Decodes event payloads of either format; one per read, since it keeps a JSON decoder for older events.
    package struct EventDecoder {
        private let json = StoreCoding.decoder()

        package init() {}

        /// `payload` decoded as `E`.
        package func decode<E: Decodable>(_: E.Type, from payload: Data) throws -> E {
            let bytes = [UInt8](payload)
            if BinaryEvent.isBinary(bytes) { return try BinaryEvent.decode(E.self, from: bytes) }
            return try json.decode(E.self, from: payload)
        }
    }

    package static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return e
    }

    package static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return d
    }
}
