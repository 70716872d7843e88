/// Maps raw JSON key bytes to the fields a reader wants, without making a `String` per key.
struct FieldTable<Field: RawRepresentable & CaseIterable & Sendable>: Sendable where Field.RawValue == String {
    private let table: ByteKeyTable
    private let fields: [Field]

    /// A table of every case of `Field`, keyed by its raw value.
    init() {
        var table = ByteKeyTable(capacity: Field.allCases.count)
        var fields: [Field] = []
        for field in Field.allCases {
            var name = field.rawValue
            name.withUTF8 { bytes in _ = table.insert(bytes, hash: ByteKeyTable.hash(bytes)) }
            fields.append(field)
        }
        self.table = table
        self.fields = fields
    }

    /// The field named by `key`, or nil for keys the reader skips.
    @inline(__always)
    func field(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
        table.find(key, hash: ByteKeyTable.hash(key)).map { fields[Int($0)] }
    }
}
