/// A scheduler limit on GPUs: a Slurm association (account or account/user) or a QOS.
public struct SchedulerLimit: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable { case association, qos }
    public var kind: Kind
    /// Account or QOS name.
    public var name: String
    /// User of a user association; empty otherwise.
    public var user: String
    public var parent: String?
    /// GPUs all jobs of the account or QOS may hold at once (GrpTRES gres/gpu); nil = no limit.
    public var groupGPUs: Int?
    /// GPUs one user may hold at once (MaxTRESPerUser); nil = no limit.
    public var perUserGPUs: Int?
    /// GPUs one job may ask for (MaxTRESPerJob); nil = no limit.
    public var perJobGPUs: Int?
    /// QOS priority, or an association's raw shares.
    public var priority: Double?
    public init(kind: Kind, name: String, user: String, parent: String?, groupGPUs: Int?, perUserGPUs: Int?, perJobGPUs: Int?,
                priority: Double?) {
        self.kind = kind
        self.name = name
        self.user = user
        self.parent = parent
        self.groupGPUs = groupGPUs
        self.perUserGPUs = perUserGPUs
        self.perJobGPUs = perJobGPUs
        self.priority = priority
    }
}
