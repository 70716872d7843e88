/// Kubernetes resource quantities (`4`, `500m`, `1k`, `2Gi`, `1e3`) and the resource names that count GPUs.
public enum KubeQuantity {
    /// The value of a quantity (`500m` is 0.5, `2Gi` is 2147483648), or nil when `text` is not one.
    public static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed())
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        var digits = 0
        var dot = false
        while i < bytes.count {
            let b = bytes[i]
            if b &- UInt8(ascii: "0") < 10 {
                digits += 1
            } else if b == UInt8(ascii: "."), !dot {
                dot = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0, let number = Double(String(decoding: bytes[0..<i], as: UTF8.self)) else { return nil }
        guard let scale = multiplier(String(decoding: bytes[i...], as: UTF8.self)) else { return nil }
        let value = number * scale
        return value.isFinite ? value : nil
    }

    /// The factor of a quantity suffix: binary (`Ki`…`Ei`), decimal (`n`…`E`) or an exponent (`e3`, `E-2`).
    private static func multiplier(_ suffix: String) -> Double? {
        switch suffix {
        case "": return 1
        case "Ki": return 1024
        case "Mi": return 1_048_576
        case "Gi": return 1_073_741_824
        case "Ti": return 1_099_511_627_776
        case "Pi": return 1_125_899_906_842_624
        case "Ei": return 1_152_921_504_606_846_976
        case "n": return 1e-9
        case "u": return 1e-6
        case "m": return 1e-3
        case "k": return 1e3
        case "M": return 1e6
        case "G": return 1e9
        case "T": return 1e12
        case "P": return 1e15
        case "E": return 1e18
        default:
            guard let first = suffix.first, first == "e" || first == "E" else { return nil }
            let exponent = suffix.dropFirst()
            let body = exponent.first == "+" || exponent.first == "-" ? exponent.dropFirst() : exponent
            guard !body.isEmpty, body.allSatisfy(\.isASCII), body.allSatisfy(\.isNumber),
                  let power = Int(exponent.first == "+" ? body : exponent), abs(power) <= 308 else { return nil }
            var factor = 1.0
            for _ in 0..<abs(power) { factor *= 10 }
            return power < 0 ? 1 / factor : factor
        }
    }

    /// Whether a resource name counts whole GPUs: `nvidia.com/gpu`, `amd.com/gpu`, a bare `gpu`, Intel's
    /// `gpu.intel.com/…`. GPU slices and shares (`nvidia.com/mig-1g.10gb`, HAMi's `nvidia.com/gpucores`,
    /// `nvidia.com/total-gpumem`) are not GPU counts and are left out.
    public static func isGPU(_ resource: String) -> Bool {
        let name = resource.lowercased()
        if name.hasPrefix("gpu.") && name.contains("/") { return true }
        let last = name.split(separator: "/").last.map(String.init) ?? name
        return last == "gpu"
    }
}

/// RFC 3339 timestamps as Kubernetes writes them (`2024-05-01T10:00:00Z`, fractions and offsets allowed).
enum KubeTime {
    /// Seconds since 1970, or nil when `text` is not an RFC 3339 date-time.
    static func parse(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var value = 0
            for i in from..<(from + count) {
                let d = b[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        guard let year = number(0, 4), b[4] == UInt8(ascii: "-"), let month = number(5, 2), b[7] == UInt8(ascii: "-"),
              let day = number(8, 2), [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(b[10]),
              let hour = number(11, 2), b[13] == UInt8(ascii: ":"), let minute = number(14, 2),
              b[16] == UInt8(ascii: ":"), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] &- UInt8(ascii: "0") < 10 {
                fraction += Double(b[i] &- UInt8(ascii: "0")) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offset = 0
        guard i < b.count else { return nil }
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let h = number(i + 1, 2), b.count > i + 3, b[i + 3] == UInt8(ascii: ":"),
                  let m = number(i + 4, 2) else { return nil }
            offset = (h * 3600 + m * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
