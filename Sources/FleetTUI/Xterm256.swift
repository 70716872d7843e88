/// The xterm 256-colour palette as RGB, for mapping hex colours to indices and degrading to 8 or 16 colours.
enum Xterm256 {
    /// An sRGB colour with 8-bit channels.
    struct RGB: Hashable, Sendable {
        var r: Int
        var g: Int
        var b: Int
    }

    /// xterm's default RGB for every index: 16 ANSI colours, the 6×6×6 cube, then the 24-step grey ramp.
    static let palette: [RGB] = {
        let ansi: [RGB] = [
            RGB(r: 0x00, g: 0x00, b: 0x00), RGB(r: 0xCD, g: 0x00, b: 0x00), RGB(r: 0x00, g: 0xCD, b: 0x00),
            RGB(r: 0xCD, g: 0xCD, b: 0x00), RGB(r: 0x00, g: 0x00, b: 0xEE), RGB(r: 0xCD, g: 0x00, b: 0xCD),
            RGB(r: 0x00, g: 0xCD, b: 0xCD), RGB(r: 0xE5, g: 0xE5, b: 0xE5), RGB(r: 0x7F, g: 0x7F, b: 0x7F),
            RGB(r: 0xFF, g: 0x00, b: 0x00), RGB(r: 0x00, g: 0xFF, b: 0x00), RGB(r: 0xFF, g: 0xFF, b: 0x00),
            RGB(r: 0x5C, g: 0x5C, b: 0xFF), RGB(r: 0xFF, g: 0x00, b: 0xFF), RGB(r: 0x00, g: 0xFF, b: 0xFF),
            RGB(r: 0xFF, g: 0xFF, b: 0xFF),
        ]
        let levels = [0x00, 0x5F, 0x87, 0xAF, 0xD7, 0xFF]
        var cube: [RGB] = []
        for r in levels {
            for g in levels {
                for b in levels {
                    cube.append(RGB(r: r, g: g, b: b))
                }
            }
        }
        let greys = (0..<24).map { step in RGB(r: 8 + 10 * step, g: 8 + 10 * step, b: 8 + 10 * step) }
        return ansi + cube + greys
    }()

    /// The index in `candidates` whose RGB is nearest (squared Euclidean distance; ties go to the lower index).
    static func nearest(to color: RGB, among candidates: Range<Int>) -> UInt8 {
        var best = candidates.lowerBound
        var bestDistance = Int.max
        for index in candidates {
            let p = palette[index]
            let distance = (p.r - color.r) * (p.r - color.r) + (p.g - color.g) * (p.g - color.g)
                + (p.b - color.b) * (p.b - color.b)
            if distance < bestDistance {
                best = index
                bestDistance = distance
            }
        }
        return UInt8(truncatingIfNeeded: best)
    }

    /// The xterm-256 index for a hex colour; 0-15 are skipped because users retheme them in their terminals.
    static func index(forHex color: RGB) -> UInt8 {
        nearest(to: color, among: 16..<256)
    }
}
