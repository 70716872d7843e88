/// Short GPU model names, so that "NVIDIA H100 80GB HBM3" and "H100-SXM5-80GB" price and group as "H100".
public enum GPUModelName {
    private static let families = ["GB200", "B200", "B100", "H200", "H100", "H800", "GH200", "A100", "A800", "A30",
                                   "A10G", "A10", "L40S", "L40", "L4", "T4", "V100", "P100"]

    /// The family name when the model is a known data-centre GPU, otherwise the name without the vendor prefix.
    public static func canonical(_ name: String) -> String {
        // Whole words only: "T400" is not a T4.
        let words = name.uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        for family in families where words.contains(where: { $0 == family || $0.hasPrefix(family + "SXM") }) {
            return family
        }
        let trimmed = name.hasPrefix("NVIDIA ") ? String(name.dropFirst(7)) : name
        return trimmed.isEmpty ? "unknown" : trimmed
    }
}
