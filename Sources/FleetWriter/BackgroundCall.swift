import Foundation
import Synchronization

/// One call at a time run on a thread of its own, its answer taken later by the thread that started it: for a store
/// call that may wait for its deadline, made for a thread that must not (the UI loop's).
public final class BackgroundCall<Answer: Sendable>: Sendable {
    private enum Phase: Sendable {
        case idle
        /// `done` is signalled when the call finishes.
        case running(done: DispatchSemaphore)
        case answered(Result<Answer, any Error>)
    }

    private let phase = Mutex<Phase>(.idle)

    /// No call yet.
    public init() {}

    /// Whether a call is running and not yet answered.
    public var isRunning: Bool { runningCall != nil }

    private var runningCall: DispatchSemaphore? {
        phase.withLock { if case .running(let done) = $0 { done } else { nil } }
    }

    /// Starts `body` on a new thread unless a call is running or its answer was not taken yet.
    public func start(_ body: @escaping @Sendable () throws -> Answer) {
        let done = DispatchSemaphore(value: 0)
        let started = phase.withLock { phase -> Bool in
            guard case .idle = phase else { return false }
            phase = .running(done: done)
            return true
        }
        guard started else { return }
        Thread { [self] in
            let answer = Result(catching: body)
            phase.withLock { $0 = .answered(answer) }
            done.signal()
        }.start()
    }

    /// The answer of the finished call, once (nil while none finished).
    public func take() -> Result<Answer, any Error>? {
        phase.withLock { phase in
            guard case .answered(let answer) = phase else { return nil }
            phase = .idle
            return answer
        }
    }

    /// Waits at most `seconds` for a running call to finish (its answer stays to be taken).
    public func wait(seconds: Double) {
        guard let done = runningCall, done.wait(timeout: .now() + seconds) == .success else { return }
        done.signal()
    }
}
