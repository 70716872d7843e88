import Synchronization

/// An in-memory backend for tests and headless runs: scripted input, recorded frames, settable size.
public final class MemoryBackend: TerminalBackend, Sendable {
    /// Everything that changes, behind one lock so tests may drive it from any task.
    private struct State {
        var size: (width: Int, height: Int)
        var pendingInput: [InputEvent] = []
        var lastFrame: CellBuffer?
        var frameCount = 0
    }

    private let state: Mutex<State>

    /// Creates a backend of the given size with no queued input.
    public init(width: Int = 80, height: Int = 24) {
        state = Mutex(State(size: (width, height)))
    }

    /// Current size; setting it does not queue a resize event (use `resize(width:height:)` for that).
    public var size: (width: Int, height: Int) {
        get { state.withLock { $0.size } }
        set { state.withLock { $0.size = newValue } }
    }

    /// The most recently presented frame.
    public var lastFrame: CellBuffer? { state.withLock { $0.lastFrame } }

    /// How many frames have been presented.
    public var frameCount: Int { state.withLock { $0.frameCount } }

    /// Number of queued events not yet read.
    public var pendingInputCount: Int { state.withLock { $0.pendingInput.count } }

    /// Queues events to be returned by `nextInput`, in order.
    public func enqueue(_ events: [InputEvent]) {
        state.withLock { $0.pendingInput += events }
    }

    /// Queues key presses, in order.
    public func enqueue(keys: Key...) {
        enqueue(keys.map(InputEvent.key))
    }

    /// Changes the size and queues the matching resize event, as a real terminal would.
    public func resize(width: Int, height: Int) {
        state.withLock {
            $0.size = (width, height)
            $0.pendingInput.append(.resize(width: width, height: height))
        }
    }

    /// Records the frame.
    public func present(_ buffer: CellBuffer) {
        state.withLock {
            $0.lastFrame = buffer
            $0.frameCount += 1
        }
    }

    /// The next queued event, or nil at once when the queue is empty (tests never wait).
    public func nextInput(timeoutMilliseconds: Int) -> InputEvent? {
        state.withLock { $0.pendingInput.isEmpty ? nil : $0.pendingInput.removeFirst() }
    }
}
