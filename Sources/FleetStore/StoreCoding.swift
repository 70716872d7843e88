import Foundation

/// The JSON coders for payloads. NaN and infinities are legal in telemetry ("no sample yet"), so they are spelled as strings.
package enum StoreCoding {
    package static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return e
    }

    /// The payload bytes of a batch of `events`, the same in every store; a failure names the event's place in the batch.
    package static func payloads<E: Encodable>(_ events: [E], location: String) throws(StoreError) -> [Data] {
        let encoder = encoder()
        var payloads: [Data] = []
        payloads.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            do {
                payloads.append(try encoder.encode(event))
            } catch {
                throw .io(path: location, detail: "cannot encode event #\(index) of the batch: \(error)")
            }
        }
        return payloads
    }

    package static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return d
    }
}
