import Foundation
import Testing
import FleetTUI

@Suite struct ThemeFileTests {
    @Test func requiredThemesAreShipped() throws {
        let names = try ShippedThemes.files().map { $0.deletingPathExtension().lastPathComponent }
        for required in ["default", "light", "high-contrast", "colorblind"] {
            #expect(names.contains(required), "missing themes/\(required).theme")
        }
    }

    @Test func everyShippedThemeParses() throws {
        let files = try ShippedThemes.files()
        #expect(!files.isEmpty)
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(throws: Never.self, "\(url.lastPathComponent)") {
                try Theme.parse(text, name: "x", file: url.path)
            }
        }
    }

    @Test func builtinDefaultMatchesDefaultThemeFile() throws {
        let url = ShippedThemes.directory.appendingPathComponent("default.theme")
        let parsed = try Theme.parse(String(contentsOf: url, encoding: .utf8), name: "default", file: url.path)
        for role in Role.allCases {
            #expect(parsed.style(role) == Theme.builtinDefault.style(role), "role \(role.rawValue)")
        }
        #expect(parsed.heatScale == Theme.builtinDefault.heatScale)
        #expect(parsed == Theme.builtinDefault)
    }

    @Test func everyShippedThemeSetsEveryRoleAndAFullHeatScale() throws {
        for url in try ShippedThemes.files() {
            let text = try String(contentsOf: url, encoding: .utf8)
            for role in Role.allCases {
                #expect(text.contains("\n\(role.rawValue) "), "\(url.lastPathComponent) does not set \(role.rawValue)")
            }
            let theme = try Theme.parse(text, name: "x", file: url.path)
            #expect(theme.heatScale.count >= 5)
        }
    }

    @Test func statusStylesDifferInEveryTheme() throws {
        for theme in try ShippedThemes.all() {
            for variant in [theme, theme.degraded(toColorCount: 16), theme.degraded(toColorCount: 8), theme.withoutColor()] {
                let styles = [variant.style(.ok), variant.style(.warn), variant.style(.critical)]
                #expect(Set(styles).count == 3, "\(theme.name): ok/warn/critical not distinct")
                #expect(variant.style(.selected) != variant.style(.text), "\(theme.name): selection invisible")
            }
        }
    }

    @Test func colorblindThemeUsesOkabeItoStatusColours() throws {
        let theme = try #require(try ShippedThemes.all().first { $0.name == "colorblind" })
        // Nearest xterm indices: #56B4E9 sky blue → 74, #E69F00 orange → 178, #D55E00 vermillion → 166.
        #expect(theme.style(.ok).fg == .indexed(74))
        #expect(theme.style(.warn).fg == .indexed(178))
        #expect(theme.style(.critical) == Style(fg: .indexed(166), attributes: .bold))
    }

    @Test func loadFindsThemesByNameAndPath() {
        let byName = Theme.load(nameOrPath: "light", searchDirectories: [URL(fileURLWithPath: "/nonexistent"), ShippedThemes.directory])
        #expect(byName.error == nil)
        #expect(byName.theme.name == "light")
        #expect(byName.theme != Theme.builtinDefault)
        let byPath = Theme.load(nameOrPath: ShippedThemes.directory.appendingPathComponent("colorblind.theme").path,
                                searchDirectories: [])
        #expect(byPath.error == nil)
        #expect(byPath.theme.name == "colorblind")
    }

    @Test func loadFailuresFallBackToBuiltinDefault() throws {
        let missing = Theme.load(nameOrPath: "nope", searchDirectories: [ShippedThemes.directory])
        #expect(missing.theme == Theme.builtinDefault)
        #expect(missing.error?.line == 0)
        #expect(missing.error?.file == "nope.theme")

        let unreadable = Theme.load(nameOrPath: "/nonexistent/dir/x.theme", searchDirectories: [])
        #expect(unreadable.theme == Theme.builtinDefault)
        #expect(unreadable.error?.line == 0)
        #expect(unreadable.error?.file == "/nonexistent/dir/x.theme")

        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("fleettui-broken-\(UUID()).theme")
        try "[roles]\ntext = 1\n\nwarn = purple-ish\n".write(to: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: broken) }
        let result = Theme.load(nameOrPath: broken.path, searchDirectories: [])
        #expect(result.theme == Theme.builtinDefault)
        #expect(result.error?.line == 4)
        #expect(result.error?.description.hasPrefix("\(broken.path):4: unknown colour") == true)
    }

    @Test func defaultNeedsNoFile() {
        let result = Theme.load(nameOrPath: "default", searchDirectories: [])
        #expect(result.error == nil)
        #expect(result.theme == Theme.builtinDefault)
    }
}
