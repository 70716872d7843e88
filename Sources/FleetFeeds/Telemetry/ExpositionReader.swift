#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an exposition from a file descriptor in fixed-size chunks into a parser and sink.
///
/// Memory stays at one chunk plus one line however large the input; `maxBytes` stops a runaway source.
public enum ExpositionReader {
    public static let chunkBytes = 1 << 22

    /// What reading stopped on.
    public enum Outcome: Sendable, Equatable {
        /// End of input.
        case endOfInput
        /// An OpenMetrics `# EOF` (more expositions may follow on a stream).
        case endOfExposition
        /// The input passed `maxBytes`; what was read is parsed.
        case tooLarge
        /// read(2) failed with this errno.
        case readError(Int32)
    }

    /// Parses from `fd` until end of input, `# EOF` (when `stopAtEOFMarker`), or `maxBytes`.
    public static func read<S: ExpositionSink>(fd: Int32, parser: inout ExpositionParser, sink: inout S,
                                               maxBytes: Int = 1 << 30, stopAtEOFMarker: Bool = false) -> Outcome {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = systemRead(fd, buffer.baseAddress, chunkBytes)
            if n < 0 {
                if errno == EINTR { continue }
                return .readError(errno)
            }
            if n == 0 {
                parser.finish(into: &sink)
                return .endOfInput
            }
            parser.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), into: &sink)
            if stopAtEOFMarker, parser.sawEOF {
                parser.finish(into: &sink)
                return .endOfExposition
            }
            if parser.byteCount > maxBytes {
                parser.finish(into: &sink)
                return .tooLarge
            }
        }
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
