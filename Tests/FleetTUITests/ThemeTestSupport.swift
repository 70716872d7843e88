import Foundation
import FleetTUI

/// The shipped theme files, found relative to this source file so tests work from any directory.
enum ShippedThemes {
    /// `themes/` at the package root.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FleetTUITests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("themes")

    /// Every `.theme` file in the directory, sorted.
    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "theme" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Every shipped theme, parsed.
    static func all() throws -> [Theme] {
        try files().map { url in
            try Theme.parse(String(contentsOf: url, encoding: .utf8), name: url.deletingPathExtension().lastPathComponent,
                            file: url.path)
        }
    }
}
