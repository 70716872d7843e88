/// The labels of a sample that say which GPU (or MIG instance) it is about and who uses it.
///
/// Accepts every spelling the DCGM exporter has used: `Hostname`/`hostname`, `pod`/`pod_name`/`exported_pod`
/// (and the same for namespace and container), plus the nvidia_gpu_exporter's `uuid`, `name` and `index`.
struct IdentityLabels {
    var uuid: LabelSpan?
    var gpu: LabelSpan?
    var index: LabelSpan?
    var host: LabelSpan?
    var model: LabelSpan?
    var instanceID: LabelSpan?
    var instanceProfile: LabelSpan?
    /// After Prometheus relabelling, `exported_pod` is the workload and `pod` the exporter itself, so it wins.
    var pod: LabelSpan? { exportedPod ?? plainPod ?? oldPod }
    var namespace: LabelSpan? { exportedNamespace ?? plainNamespace ?? oldNamespace }
    private var exportedPod, plainPod, oldPod: LabelSpan?
    private var exportedNamespace, plainNamespace, oldNamespace: LabelSpan?
    var hpcJob: LabelSpan?

    init(_ sample: ExpositionSample) {
        let line = sample.line
        guard let base = line.baseAddress else { return }
        for span in sample.labels {
            let p = base + Int(span.nameStart)
            let n = Int(span.nameEnd - span.nameStart)
            @inline(__always) func is_(_ name: StaticString) -> Bool {
                name.utf8CodeUnitCount == n && memcmp(p, name.utf8Start, n) == 0
            }
            switch n {
            case 3:
                if is_("gpu") { gpu = span } else if is_("pod") { plainPod = span }
            case 4:
                if is_("UUID") || is_("uuid") { uuid = span } else if is_("name") { model = span }
            case 5:
                if is_("index") { index = span }
            case 7:
                if is_("hpc_job") { hpcJob = span }
            case 8:
                if is_("Hostname") || is_("hostname") { host = span } else if is_("GPU_I_ID") { instanceID = span }
                else if is_("pod_name") { oldPod = span }
            case 9:
                if is_("modelName") { model = span } else if is_("namespace") { plainNamespace = span }
            case 12:
                if is_("exported_pod") { exportedPod = span }
            case 13:
                if is_("GPU_I_PROFILE") { instanceProfile = span } else if is_("pod_namespace") { oldNamespace = span }
            case 18:
                if is_("exported_namespace") { exportedNamespace = span }
            default:
                continue
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
