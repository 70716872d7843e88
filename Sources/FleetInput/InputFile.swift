#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Files named by the user, read without blocking, without growing past a cap, and with the reason when they cannot be.
///
/// A FIFO, a directory or a device given where a file is expected would block a reader forever or read as garbage, so
/// only regular files are read; the descriptor is opened non-blocking and checked again after opening, so a FIFO
/// swapped in between cannot block either.
public enum InputFile {
    /// Why a file could not be read: the path (cleaned, cut) and the reason.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var reason: String
        /// A failure to read `path` because of `reason`.
        public init(path: String, reason: String) {
            self.path = Self.shown(path)
            self.reason = reason
        }
        public var description: String { "cannot read \(path): \(reason)" }

        /// A path as it may be shown: control characters replaced, at most 200 characters.
        static func shown(_ path: String) -> String {
            let cleaned = String(String.UnicodeScalarView(path.unicodeScalars.map {
                $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) ? "?" : $0
            }))
            return cleaned.count > 200 ? String(cleaned.prefix(200)) + "…" : cleaned
        }
    }

    /// Why `path` is not a readable regular file, or nil when it is one (or does not exist, when `missingIsFine`).
    public static func problem(_ path: String, missingIsFine: Bool = false) -> Failure? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT, missingIsFine { return nil }
            return Failure(path: path, reason: errorText(errno))
        }
        return kindProblem(info.st_mode).map { Failure(path: path, reason: $0) }
    }

    /// The bytes of regular file `path`, refusing it when it holds more than `maxBytes`.
    public static func read(_ path: String, maxBytes: Int) -> Result<Data, Failure> {
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Failure(path: path, reason: errorText(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(Failure(path: path, reason: errorText(errno))) }
        if let problem = kindProblem(info.st_mode) { return .failure(Failure(path: path, reason: problem)) }
        guard Int64(info.st_size) <= Int64(maxBytes) else { return .failure(tooLarge(path, Int64(info.st_size), maxBytes)) }
        var data = Data()
        data.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return .failure(Failure(path: path, reason: errorText(errno))) }
            if n == 0 { return .success(data) }
            data.append(contentsOf: chunk[0..<n])
            // The file grew while read: the cap still holds.
            if data.count > maxBytes { return .failure(tooLarge(path, Int64(data.count), maxBytes)) }
        }
    }

    /// Opens regular file `path` for reading; the caller closes the descriptor.
    public static func open(_ path: String) -> Result<Int32, Failure> {
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Failure(path: path, reason: errorText(errno))) }
        var info = stat()
        if fstat(fd, &info) != 0 || kindProblem(info.st_mode) != nil {
            let reason = kindProblem(info.st_mode) ?? errorText(errno)
            close(fd)
            return .failure(Failure(path: path, reason: reason))
        }
        return .success(fd)
    }

    /// The sizes caps are given in, for messages.
    static func describe(bytes: Int64) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : bytes >= 1 << 10 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }

    private static func tooLarge(_ path: String, _ size: Int64, _ maxBytes: Int) -> Failure {
        Failure(path: path, reason: "\(describe(bytes: size)), larger than the \(describe(bytes: Int64(maxBytes))) limit for this input")
    }

    private static func kindProblem(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: "is a directory"
        case S_IFIFO: "is a FIFO (named pipe), not a regular file"
        case S_IFSOCK: "is a socket, not a regular file"
        case S_IFCHR, S_IFBLK: "is a device, not a regular file"
        default: "not a regular file"
        }
    }

    private static func errorText(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
}

