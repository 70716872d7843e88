import FleetCore

/// Request counters of the simulated production-inference jobs, so the demo's cost pane can price a request.
enum SimInference {
    /// A counter per running `prod-inference` job: a steady rate per GPU from the job id, counted since it started.
    static func counters(_ state: FleetState, at t: Double) -> [InferenceCounter] {
        guard let cls = state.classIndex(named: "prod-inference") else { return [] }
        // Filtered in place: only the running inference jobs are copied out.
        return state.jobSlots.compactMap { slot -> InferenceCounter? in
            guard slot?.state == .running, slot?.priorityClass == Int32(cls), let job = slot, let started = job.startedAt else { return nil }
            var rng = SimRandom(seed: 0x1F, key: job.id)
            let perGPU = 20 + Double(rng.next() % 180)  // requests/s per GPU
            return InferenceCounter(service: job.name, requestsTotal: (perGPU * Double(job.gpuIndices.count) * max(0, t - started)).rounded(),
                                    owners: [job.id])
        }
    }
}
