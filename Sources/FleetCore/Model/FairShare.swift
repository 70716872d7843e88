/// One row of the scheduler's fair-share tree (Slurm `sshare`): an account (no user) or a user within it.
public struct FairShareRecord: Codable, Sendable, Hashable {
    public var account: String
    /// Empty for the account's own row.
    public var user: String
    /// Depth in the account tree (0 = root).
    public var depth: Int
    /// Share of the parent the account is entitled to (0…1).
    public var normShares: Double?
    /// Share of the parent's usage the account had (0…1, decayed).
    public var effectiveUsage: Double?
    /// Slurm's fair-share factor (0…1, higher runs sooner); Slurm gives it for users only.
    public var fairShare: Double?
    /// Shares ÷ usage at this level: above 1 under-served, below 1 over-served; +∞ with no usage.
    public var levelFS: Double?
    /// GPU-minutes still to run for the account's running jobs (TRESRunMins gres/gpu).
    public var gpuRunMinutes: Double?
    public init(account: String, user: String, depth: Int, normShares: Double?, effectiveUsage: Double?, fairShare: Double?,
                levelFS: Double?, gpuRunMinutes: Double?) {
        self.account = account
        self.user = user
        self.depth = depth
        self.normShares = normShares
        self.effectiveUsage = effectiveUsage
        self.fairShare = fairShare
        self.levelFS = levelFS
        self.gpuRunMinutes = gpuRunMinutes
    }
}
