import FleetCore

/// One GPU's values from one update of any telemetry source (DCGM, nvidia_gpu_exporter, nvidia-smi, Prometheus API).
///
/// `nil` means the source did not report the value; it is never replaced by a made-up number.
public struct GPUReading: Sendable, Hashable {
    /// GPU UUID as the driver reports it ("GPU-…").
    public var uuid: String
    /// Node (host) name.
    public var host: String
    /// Device minor number on the host, when known.
    public var index: Int?
    /// Marketing name, e.g. "NVIDIA H100 80GB HBM3".
    public var model: String
    /// Kubernetes pod ("namespace/pod") or HPC job ("job 123") using the GPU, when the source says.
    public var owner: String?
    public var utilPercent: Double?
    public var memoryUsedMiB: Double?
    public var memoryTotalMiB: Double?
    public var powerWatts: Double?
    public var temperatureC: Double?
    public var smClockMHz: Double?
    public var memoryClockMHz: Double?
    /// Last XID error code the driver reported (0 or nil: none).
    public var lastXID: Int?
    /// Health signals other than XIDs.
    public var conditions: GPUConditionFlags = []
    /// MIG instances on this GPU, when MIG is enabled.
    public var migInstances: [MIGReading] = []

    /// A reading with only identity set.
    public init(uuid: String, host: String, index: Int? = nil, model: String) {
        self.uuid = uuid
        self.host = host
        self.index = index
        self.model = model
    }
}

/// One MIG GPU instance's values.
public struct MIGReading: Sendable, Hashable {
    /// Instance profile, e.g. "1g.10gb".
    public var profile: String
    /// GPU instance id.
    public var instanceID: Int
    public var owner: String?
    /// Graphics engine activity in percent (MIG reports no DCGM_FI_DEV_GPU_UTIL).
    public var utilPercent: Double?
    public var memoryUsedMiB: Double?
    public var memoryTotalMiB: Double?

    /// An instance with identity only.
    public init(profile: String, instanceID: Int) {
        self.profile = profile
        self.instanceID = instanceID
    }
}
