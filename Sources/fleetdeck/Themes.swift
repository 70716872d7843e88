import FleetTUI
import Foundation

/// Finds and adapts the theme: named themes come from the user's config folder, then the package's themes/ folder.
enum ThemeSelection {
    static func searchDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var dirs: [URL] = []
        let config = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? "/").appendingPathComponent(".config")
        dirs.append(config.appendingPathComponent("fleetdeck/themes"))
        dirs.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))
        // Next to the package when run from .build/<config>/fleetdeck.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        dirs.append(exe.deletingLastPathComponent().appendingPathComponent("../../../themes").standardizedFileURL)
        dirs.append(exe.deletingLastPathComponent().appendingPathComponent("../share/fleetdeck/themes").standardizedFileURL)
        return dirs
    }

    /// The theme to draw with, adapted to the terminal's colours and NO_COLOR; plus a notice if the file was broken.
    static func resolve(_ nameOrPath: String, colorCount: Int,
                        environment: [String: String] = ProcessInfo.processInfo.environment) -> (Theme, String?) {
        let (loaded, error) = Theme.load(nameOrPath: nameOrPath, searchDirectories: searchDirectories(environment: environment))
        var theme = loaded
        if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false || colorCount == 0 {
            theme = theme.withoutColor()
        } else if colorCount < 256 {
            theme = theme.degraded(toColorCount: colorCount >= 16 ? 16 : 8)
        }
        return (theme, error.map { "theme error: \($0) — using the default theme" })
    }
}
