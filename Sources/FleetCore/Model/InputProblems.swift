/// Bad input the reducer found inside events (a job start that lists a GPU twice), kept until a feed reports:
/// a feed's status follows the events of its update, so the next status counts them as that feed's problems.
public struct InputProblems: Codable, Sendable, Hashable {
    /// Values left out.
    public var count: Int
    /// The first of them, said plainly.
    public var first: String
}

extension FleetState {
    /// Notes `count` values of an event left out as bad input.
    mutating func noteInputProblems(_ count: Int, first: String) {
        guard count > 0 else { return }
        if unreportedInputProblems == nil {
            unreportedInputProblems = InputProblems(count: count, first: first)
        } else {
            unreportedInputProblems?.count += count
        }
    }
}
