import Logging

/// Logs one line each time the store stops answering the writer (its feeds pause) and one when it answers again.
struct ReachabilityLog {
    private var unreachable = false

    /// Compares `problem` (why the store does not answer; nil while it does) with what was logged before.
    mutating func report(_ problem: String?, to log: Logger) {
        guard (problem != nil) != unreachable else { return }
        unreachable = problem != nil
        if let problem {
            log.warning("store unreachable: feeds paused, retrying", metadata: ["error": "\(problem)"])
        } else {
            log.info("store reachable again: writing")
        }
    }
}
