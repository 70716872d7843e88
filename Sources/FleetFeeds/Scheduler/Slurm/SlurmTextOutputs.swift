import FleetCore

/// `sshare -a -l -P` and `sprio -l` (no JSON exists for either): fair share per account and user, priority factors.
public enum SlurmTextOutputs {
    /// Fair-share rows of `sshare -a -l -P`; leading spaces in `Account` give the tree depth.
    public static func shares(_ text: String) -> Result<[FairShareRecord], SchedulerParseError> {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        let header = lines.popFirst().map { $0.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
        guard let account = header.firstIndex(of: "Account"), let user = header.firstIndex(of: "User") else {
            return .failure(SchedulerParseError(line: 1, message: "not sshare -l -P output: no Account|User header"))
        }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        var out: [FairShareRecord] = []
        for line in lines where !line.isEmpty {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count > max(account, user) else { continue }
            func number(_ name: String) -> Double? {
                guard let i = column(name), i < f.count else { return nil }
                let text = f[i].trimmingCharacters(in: .whitespaces)
                return text == "inf" ? .infinity : Double(text)
            }
            let rawAccount = f[account]
            let depth = rawAccount.prefix { $0 == " " }.count
            var gpuRunMinutes: Double?
            if let i = column("TRESRunMins"), i < f.count {
                gpuRunMinutes = SlurmTRES.gpus(inTRES: f[i]).map { Double($0.count) }
            }
            out.append(FairShareRecord(
                account: FeedText.clean(rawAccount.trimmingCharacters(in: .whitespaces)),
                user: FeedText.clean(f[user].trimmingCharacters(in: .whitespaces)), depth: depth,
                normShares: number("NormShares"), effectiveUsage: number("EffectvUsage"), fairShare: number("FairShare"),
                levelFS: number("LevelFS"), gpuRunMinutes: gpuRunMinutes))
        }
        return .success(out)
    }

    /// Limits from `sacctmgr -n -P show assoc format=Account,User,ParentName,GrpTRES,MaxTRESPerJob` and
    /// `show qos format=Name,Priority,GrpTRES,MaxTRESPU,MaxTRESPerJob`.
    public static func limits(associations: String, qos: String) -> [SchedulerLimit] {
        func gpus(_ tres: String) -> Int? { SlurmTRES.gpus(inTRES: tres).map(\.count) }
        var out: [SchedulerLimit] = []
        for line in associations.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5, !f[0].isEmpty else { continue }
            out.append(SchedulerLimit(kind: .association, name: FeedText.clean(f[0]), user: FeedText.clean(f[1]),
                                      parent: f[2].isEmpty ? nil : FeedText.clean(f[2]), groupGPUs: gpus(f[3]),
                                      perUserGPUs: nil, perJobGPUs: gpus(f[4]), priority: nil))
        }
        for line in qos.split(separator: "\n") {
            let f = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 5, !f[0].isEmpty else { continue }
            out.append(SchedulerLimit(kind: .qos, name: FeedText.clean(f[0]), user: "", parent: nil, groupGPUs: gpus(f[2]),
                                      perUserGPUs: gpus(f[3]), perJobGPUs: gpus(f[4]), priority: Double(f[1])))
        }
        return out
    }

    /// Priority factors per job id from `sprio -l` (columns found by header; the first PARTITION is the name).
    public static func priorities(_ text: String) -> Result<[String: [String: Double]], SchedulerParseError> {
        var lines = text.split(separator: "\n")[...]
        guard let header = lines.popFirst()?.split(separator: " ").map(String.init), header.first == "JOBID" else {
            return .failure(SchedulerParseError(line: 1, message: "not sprio -l output: no JOBID header"))
        }
        var out: [String: [String: Double]] = [:]
        for line in lines {
            let f = line.split(separator: " ").map(String.init)
            guard f.count >= min(header.count, 5), let id = f.first else { continue }
            var factors: [String: Double] = [:]
            var seenPartition = false
            for (i, name) in header.enumerated().dropFirst() where i < f.count {
                if name == "PARTITION" && !seenPartition { seenPartition = true; continue }
                guard let value = Double(f[i]) else { continue }
                factors[name.lowercased()] = value
            }
            out[id] = factors
        }
        return .success(out)
    }
}
