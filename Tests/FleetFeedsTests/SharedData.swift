import Foundation

/// The shared data directory (`/work/shared/data` in this workspace) found from this file's own path.
enum SharedData {
    /// `shared/data/<relative>`, looked for next to each directory above this file, or nil when absent.
    static func url(_ relative: String, from file: String = #filePath) -> URL? {
        let parts = URL(fileURLWithPath: file).pathComponents
        guard parts.count > 1 else { return nil }
        for depth in stride(from: parts.count - 1, through: 1, by: -1) {
            let ancestor = parts[1..<depth].reduce(URL(fileURLWithPath: parts[0])) { $0.appendingPathComponent($1) }
            let data = ancestor.appendingPathComponent("shared").appendingPathComponent("data")
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: data.path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { continue }
            let target = relative.isEmpty ? data : data.appendingPathComponent(relative)
            return FileManager.default.fileExists(atPath: target.path) ? target : nil
        }
        return nil
    }

    /// The shared data directory's path, or nil when absent.
    static var root: String? { url("")?.standardizedFileURL.path }

    /// The exposition captures, sorted by name.
    static var expositionFiles: [String] {
        guard let root else { return [] }
        let dir = root + "/telemetry/exposition"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
    }

    /// Whether the telemetry samples are there to test against.
    static var hasTelemetry: Bool { url("telemetry") != nil }
}
