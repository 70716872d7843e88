import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// A blocking HTTP GET that hands the body over in chunks as it arrives and stops at a size limit.
///
/// Streaming keeps memory bounded for a runaway (say 1 GB) response: the caller parses each chunk and the
/// transfer is cancelled once `maxBytes` have arrived.
enum HTTPFetch {
    enum Failure: Error, CustomStringConvertible {
        case badURL(String)
        case transport(String)
        case status(Int)
        case tooLarge(Int)
        var description: String {
            switch self {
            case .badURL(let u): "bad URL \(u)"
            case .transport(let m): m
            case .status(let s): "HTTP status \(s)"
            case .tooLarge(let n): "response larger than \(n) bytes; cancelled"
            }
        }
    }

    /// GETs `url`, calling `chunk` for each piece of the body (on a URLSession thread, one at a time).
    static func get(_ url: String, headers: [String: String] = [:], timeout: Double, maxBytes: Int,
                    chunk: @escaping @Sendable (Data) -> Void) -> Failure? {
        guard let target = URL(string: url), target.scheme == "http" || target.scheme == "https" else {
            return .badURL(url)
        }
        var request = URLRequest(url: target, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let delegate = StreamDelegate(maxBytes: maxBytes, chunk: chunk)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        let session = URLSession(configuration: config, delegate: delegate, delegateQueue: nil)
        let task = session.dataTask(with: request)
        task.resume()
        if delegate.done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            session.invalidateAndCancel()
            return .transport("timed out after \(Int(timeout)) s")
        }
        session.finishTasksAndInvalidate()
        return delegate.failure.withLock { $0 }
    }
}

private final class StreamDelegate: NSObject, URLSessionDataDelegate, Sendable {
    let maxBytes: Int
    let chunk: @Sendable (Data) -> Void
    let done = DispatchSemaphore(value: 0)
    let failure = Mutex<HTTPFetch.Failure?>(nil)
    private let received = Mutex(0)

    init(maxBytes: Int, chunk: @escaping @Sendable (Data) -> Void) {
        self.maxBytes = maxBytes
        self.chunk = chunk
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            failure.withLock { $0 = .status(http.statusCode) }
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let total = received.withLock { $0 += data.count; return $0 }
        if total > maxBytes {
            failure.withLock { if $0 == nil { $0 = .tooLarge(maxBytes) } }
            dataTask.cancel()
            return
        }
        chunk(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error {
            failure.withLock { if $0 == nil { $0 = .transport(error.localizedDescription) } }
        }
        done.signal()
    }
}
