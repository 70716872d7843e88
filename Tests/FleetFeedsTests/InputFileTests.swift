import FleetInput
import Foundation
import Testing

@Suite("Input files: regular files only, capped, with the reason")
struct InputFileTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("fleetdeck-input-\(UUID().uuidString)").path
    }

    @Test("a FIFO is refused at once instead of blocking the reader; a directory and a missing file say why")
    func kinds() throws {
        let fifo = temporaryPath()
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let start = ContinuousClock.now
        #expect(throws: InputFile.Failure(path: fifo, reason: "is a FIFO (named pipe), not a regular file")) {
            try InputFile.read(fifo, maxBytes: 100).get()
        }
        #expect(throws: InputFile.Failure.self) { try InputFile.open(fifo).get() }
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(InputFile.problem(NSTemporaryDirectory())?.reason == "is a directory")
        #expect(InputFile.problem(fifo + "-missing")?.reason == "no such file or directory")
        #expect(InputFile.problem(fifo + "-missing", missingIsFine: true) == nil)
    }

    @Test("a file over the cap is refused with both sizes; the path is shown cleaned and cut")
    func caps() throws {
        let path = temporaryPath()
        defer { unlink(path) }
        try Data(repeating: 0x41, count: 3000).write(to: URL(fileURLWithPath: path))
        #expect(try InputFile.read(path, maxBytes: 3000).get().count == 3000)
        #expect(throws: InputFile.Failure(path: path, reason: "2 KiB, larger than the 2 KiB limit for this input")) {
            try InputFile.read(path, maxBytes: 2048).get()
        }
        let hostile = "/tmp/\u{1B}]0;owned\u{07}" + String(repeating: "x", count: 500)
        let failure = InputFile.Failure(path: hostile, reason: "r")
        #expect(!failure.description.unicodeScalars.contains { $0.value < 0x20 })
        #expect(failure.path.count <= 201)
    }

    @Test("permission denied says so", .enabled(if: getuid() != 0, "root reads any file"))
    func permission() throws {
        let path = temporaryPath()
        defer { unlink(path) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0)
        #expect(throws: InputFile.Failure(path: path, reason: "permission denied")) { try InputFile.read(path, maxBytes: 10).get() }
    }
}
