import Foundation
import Synchronization

/// Runs a shell command with a timeout, collecting its standard output (bounded).
enum CommandRunner {
    static let maxOutput = 64 << 20

    /// The command's stdout when it exits 0 within `timeout`; otherwise why not. A hung command is killed.
    static func run(_ command: String, timeout: Double) -> Result<Data, CommandFailure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .failure(CommandFailure("cannot start: \(error)")) }
        let collected = Mutex(Data())
        let readerDone = Atomic<Bool>(false)
        let reader = Thread {
            while true {
                let chunk = out.fileHandleForReading.availableData
                let full = collected.withLock { $0.append(chunk); return $0.count > maxOutput }
                if chunk.isEmpty || full { break }
            }
            readerDone.store(true, ordering: .releasing)
        }
        reader.start()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            Thread.sleep(forTimeInterval: 0.2)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return .failure(CommandFailure("timed out after \(Int(timeout)) s; killed"))
        }
        process.waitUntilExit()
        while !readerDone.load(ordering: .acquiring) { Thread.sleep(forTimeInterval: 0.01) }
        if process.terminationStatus != 0 {
            let message = String(decoding: err.fileHandleForReading.availableData.prefix(300), as: UTF8.self)
            return .failure(CommandFailure("exit \(process.terminationStatus): \(message.trimmingCharacters(in: .whitespacesAndNewlines))"))
        }
        return .success(collected.withLock { $0 })
    }
}

/// Why a command produced no usable output.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
