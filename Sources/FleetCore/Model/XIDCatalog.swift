/// Meanings of the common NVIDIA XID codes and the health they imply.
public enum XIDCatalog {
    /// Short meaning of an XID code, from NVIDIA's XID documentation.
    public static func meaning(of code: Int) -> String {
        switch code {
        case 13: "graphics engine exception (application)"
        case 31: "GPU memory page fault (application)"
        case 43: "GPU stopped processing (application)"
        case 45: "preemptive cleanup after a prior error"
        case 48: "double-bit ECC error"
        case 63: "ECC page retirement / row remap recorded"
        case 64: "ECC page retirement / row remap failed"
        case 74: "NVLink error"
        case 79: "GPU has fallen off the bus"
        case 92: "high single-bit ECC error rate"
        case 94: "contained ECC error"
        case 95: "uncontained ECC error"
        case 119: "GSP RPC timeout"
        default: "XID \(code)"
        }
    }

    /// Health implied by a code: application errors leave the GPU healthy; hardware errors degrade or fail it.
    public static func health(for code: Int) -> GPUHealth {
        switch code {
        case 48, 64, 74, 79, 95, 119: .failing
        case 63, 92, 94: .degraded
        default: .healthy
        }
    }
}
