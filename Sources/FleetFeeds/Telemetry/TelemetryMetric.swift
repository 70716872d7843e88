import FleetCore

/// The per-GPU values fleetdeck reads from an exposition, as columns of `DCGMAccumulator`'s value table.
enum TelemetryField: Int, CaseIterable {
    case util, memoryUsed, memoryFree, memoryReserved, memoryTotal, power, temperature, smClock, memoryClock, xid
    case engineActive, tensorActive, dramActive
    /// Health conditions (OR-ed bits of `GPUConditionFlags`), not a number.
    case conditions

    /// Plausible range of a value; outside it the sample is rejected as bad input.
    var range: ClosedRange<Double> {
        switch self {
        case .util, .engineActive, .tensorActive, .dramActive: 0...100
        case .memoryUsed, .memoryFree, .memoryReserved, .memoryTotal: 0...16_777_216
        case .power: 0...10_000
        case .temperature: -60...250
        case .smClock, .memoryClock: 0...100_000
        case .xid: 0...100_000
        case .conditions: 0...255
        }
    }
}

/// How one metric name maps to a field.
struct TelemetryMetric {
    var field: TelemetryField
    /// Multiplier from the exposition's unit to the field's (e.g. bytes → MiB, ratio → %).
    var scale: Double
    /// For `.conditions`: the flag a non-zero value sets; for DCGM's clock-event bit masks, nil (decoded by bits).
    var flag: GPUConditionFlags?
    /// The metric carries identity labels only (nvidia_gpu_exporter's `nvidia_smi_gpu_info`).
    var isInfo = false

    /// Known metric names of the DCGM exporter and the nvidia_gpu_exporter.
    static let table: [String: TelemetryMetric] = {
        let mib = 1.0 / 1_048_576, mhz = 1.0 / 1_000_000
        func f(_ field: TelemetryField, _ scale: Double = 1, _ flag: GPUConditionFlags? = nil) -> TelemetryMetric {
            TelemetryMetric(field: field, scale: scale, flag: flag)
        }
        return [
            "DCGM_FI_DEV_GPU_UTIL": f(.util),
            "DCGM_FI_DEV_FB_USED": f(.memoryUsed),
            "DCGM_FI_DEV_FB_FREE": f(.memoryFree),
            "DCGM_FI_DEV_FB_RESERVED": f(.memoryReserved),
            "DCGM_FI_DEV_FB_TOTAL": f(.memoryTotal),
            "DCGM_FI_DEV_POWER_USAGE": f(.power),
            "DCGM_FI_DEV_GPU_TEMP": f(.temperature),
            "DCGM_FI_DEV_SM_CLOCK": f(.smClock),
            "DCGM_FI_DEV_MEM_CLOCK": f(.memoryClock),
            "DCGM_FI_DEV_XID_ERRORS": f(.xid),
            "DCGM_FI_PROF_GR_ENGINE_ACTIVE": f(.engineActive, 100),
            "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE": f(.tensorActive, 100),
            "DCGM_FI_PROF_DRAM_ACTIVE": f(.dramActive, 100),
            "DCGM_FI_DEV_ROW_REMAP_FAILURE": f(.conditions, 1, .rowRemapFailure),
            "DCGM_FI_DEV_ROW_REMAP_PENDING": f(.conditions, 1, .rowRemapPending),
            "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS": f(.conditions, 1, .uncorrectableRemappedRows),
            "DCGM_FI_DEV_ECC_DBE_VOL_TOTAL": f(.conditions, 1, .uncorrectableECC),
            "DCGM_FI_DEV_CLOCK_THROTTLE_REASONS": f(.conditions),
            "DCGM_FI_DEV_CLOCKS_EVENT_REASONS": f(.conditions),
            "nvidia_smi_utilization_gpu_ratio": f(.util, 100),
            "nvidia_smi_memory_used_bytes": f(.memoryUsed, mib),
            "nvidia_smi_memory_free_bytes": f(.memoryFree, mib),
            "nvidia_smi_memory_reserved_bytes": f(.memoryReserved, mib),
            "nvidia_smi_memory_total_bytes": f(.memoryTotal, mib),
            "nvidia_smi_power_draw_watts": f(.power),
            "nvidia_smi_temperature_gpu": f(.temperature),
            "nvidia_smi_clocks_current_sm_clock_hz": f(.smClock, mhz),
            "nvidia_smi_clocks_current_memory_clock_hz": f(.memoryClock, mhz),
            "nvidia_smi_clocks_event_reasons_hw_thermal_slowdown": f(.conditions, 1, .thermalThrottle),
            "nvidia_smi_clocks_event_reasons_sw_thermal_slowdown": f(.conditions, 1, .thermalThrottle),
            "nvidia_smi_clocks_event_reasons_hw_power_brake_slowdown": f(.conditions, 1, .powerBrake),
            "nvidia_smi_clocks_throttle_reasons_hw_thermal_slowdown": f(.conditions, 1, .thermalThrottle),
            "nvidia_smi_clocks_throttle_reasons_sw_thermal_slowdown": f(.conditions, 1, .thermalThrottle),
            "nvidia_smi_clocks_throttle_reasons_hw_power_brake_slowdown": f(.conditions, 1, .powerBrake),
            "nvidia_smi_remapped_rows_failure": f(.conditions, 1, .rowRemapFailure),
            "nvidia_smi_remapped_rows_pending": f(.conditions, 1, .rowRemapPending),
            "nvidia_smi_remapped_rows_uncorrectable": f(.conditions, 1, .uncorrectableRemappedRows),
            "nvidia_smi_ecc_errors_uncorrected_volatile_total": f(.conditions, 1, .uncorrectableECC),
            "nvidia_smi_gpu_info": TelemetryMetric(field: .conditions, scale: 1, flag: nil, isInfo: true),
        ]
    }()

    /// Conditions encoded in DCGM's clock-event-reasons bit mask (NVML `nvmlClocksEventReason*`).
    static func conditions(fromClockEventMask mask: Double) -> GPUConditionFlags {
        guard mask.isFinite, mask >= 0, mask < 1e12 else { return [] }
        let bits = UInt64(mask)
        var out: GPUConditionFlags = []
        if bits & 0x20 != 0 || bits & 0x40 != 0 { out.insert(.thermalThrottle) }  // SW / HW thermal slowdown
        if bits & 0x80 != 0 { out.insert(.powerBrake) }  // HW power brake slowdown
        return out
    }
}
