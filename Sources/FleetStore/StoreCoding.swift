import Foundation

/// The JSON coders for payloads. NaN and infinities are legal in telemetry ("no sample yet"), so they are spelled as strings.
package enum StoreCoding {
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
