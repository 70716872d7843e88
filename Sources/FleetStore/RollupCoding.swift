import Foundation

/// The one encoding of stored KPI rollups, shared by the SQLite and PostgreSQL stores: `BinarySnapshot` bytes
/// (binary, deflated), with the store's errors.
package enum RollupCoding {
    /// The bytes of `value`.
    package static func payload<R: Encodable>(_ value: R, start: Int64, location: String) throws -> [UInt8] {
        do {
            return try BinarySnapshot.encode(value)
        } catch {
            throw StoreError.io(path: location, detail: "cannot encode the KPI rollups of \(start): \(error)")
        }
    }

    /// The value stored as `payload`.
    package static func value<R: Decodable>(_: R.Type, from payload: [UInt8], start: Int64, location: String) throws -> R {
        do {
            return try BinarySnapshot.decode(R.self, from: payload)
        } catch {
            throw StoreError.decode(path: location, eventID: start, detail: "KPI rollups of \(start): \(error)")
        }
    }
}
