import Testing
import FleetTUI

@Suite struct GaugeTests {
    let theme = Theme.builtinDefault
    let levels = Gauge.levels(warn: 0.7, critical: 0.9)

    @Test func nilDrawsNoDataInStale() {
        var buffer = CellBuffer(width: 11, height: 1)
        Gauge(fraction: nil, label: "50%").draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["  no data  "])
        #expect(buffer[x: 2, y: 0].style == theme.style(.stale))
        var narrow = CellBuffer(width: 4, height: 1)
        Gauge(fraction: .nan).draw(into: &narrow, in: narrow.bounds, theme: theme)
        #expect(narrow.lines() == ["no …"])
    }

    @Test func fillCoversTheFractionOfTheWidth() {
        var buffer = CellBuffer(width: 10, height: 1)
        Gauge(fraction: 0.5).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["█████░░░░░"])
        #expect(buffer[x: 4, y: 0].style == theme.style(.gaugeFill))
        #expect(buffer[x: 5, y: 0].style == theme.style(.gaugeEmpty))
        Gauge(fraction: 7).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["██████████"])
        Gauge(fraction: -1).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["░░░░░░░░░░"])
    }

    @Test func thresholdsPickTheFillRole() {
        let gauge = Gauge(fraction: 0, thresholds: levels)
        #expect(gauge.fillRole(for: 0.1) == .ok)
        #expect(gauge.fillRole(for: 0.7) == .warn)
        #expect(gauge.fillRole(for: 0.95) == .critical)
        #expect(Gauge(fraction: 0).fillRole(for: 0.95) == .gaugeFill)
        var buffer = CellBuffer(width: 10, height: 1)
        Gauge(fraction: 0.95, thresholds: levels).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer[x: 0, y: 0].style == theme.style(.critical))
    }

    @Test func labelIsCentredAndTakesTheLookOfTheBarBeneath() {
        var buffer = CellBuffer(width: 10, height: 1)
        Gauge(fraction: 0.5, label: "50%", thresholds: levels).draw(into: &buffer, in: buffer.bounds, theme: theme)
        #expect(buffer.lines() == ["███50%░░░░"])
        #expect(buffer[x: 3, y: 0].style == theme.style(.ok).adding(.reverse))
        #expect(buffer[x: 5, y: 0].style == theme.style(.text))
    }

    @Test func tinyRectsDoNotCrash() {
        for (w, h) in [(0, 0), (1, 1), (0, 1), (1, 0)] {
            var buffer = CellBuffer(width: w, height: h)
            Gauge(fraction: 0.5, label: "label").draw(into: &buffer, in: buffer.bounds, theme: theme)
            Gauge(fraction: nil).draw(into: &buffer, in: buffer.bounds, theme: theme)
        }
        var one = CellBuffer(width: 1, height: 1)
        Gauge(fraction: nil).draw(into: &one, in: one.bounds, theme: theme)
        #expect(one.lines() == ["…"])
    }
}
