import FleetInput
import Foundation

extension Theme {
    /// Loads a theme by name (`NAME.theme` in the first directory that has it) or by path (anything with a `/` or
    /// ending in `.theme`); on any failure returns `builtinDefault` together with the error, so the screen still works.
    public static func load(nameOrPath: String, searchDirectories: [URL]) -> (theme: Theme, error: ThemeError?) {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme")
        let url: URL
        if isPath {
            url = URL(fileURLWithPath: nameOrPath)
        } else if let found = searchDirectories
            .map({ $0.appendingPathComponent("\(nameOrPath).theme") })
            .first(where: { FileManager.default.isReadableFile(atPath: $0.path) }) {
            url = found
        } else if nameOrPath == builtinDefault.name {
            // The default theme is compiled in, so not having its file installed is not an error.
            return (builtinDefault, nil)
        } else {
            let places = searchDirectories.map(\.path).joined(separator: ", ")
            let message = "theme '\(nameOrPath)' not found in \(places.isEmpty ? "(no theme directories)" : places)"
            return (builtinDefault, ThemeError(file: "\(nameOrPath).theme", line: 0, message: message))
        }
        let file = isPath ? nameOrPath : url.path
        let data: Data
        // Regular files only, refused past the cap before reading: a huge file must not be loaded just to be rejected.
        switch InputFile.read(url.path, maxBytes: ThemeLimits.maxBytes) {
        case .success(let bytes): data = bytes
        case .failure(let failure): return (builtinDefault, ThemeError(file: file, line: 0, message: "cannot read theme file: \(failure.reason)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (builtinDefault, ThemeError(file: file, line: 0, message: "theme file is not valid UTF-8"))
        }
        do throws(ThemeError) {
            return (try parse(text, name: url.deletingPathExtension().lastPathComponent, file: file), nil)
        } catch {
            return (builtinDefault, error)
        }
    }
}
