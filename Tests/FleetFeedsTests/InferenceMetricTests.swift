import FleetCore
import Testing
@testable import FleetFeeds

@Suite struct InferenceMetricTests {
    @Test func theConfiguredCounterIsSummedPerServiceWithItsPodsAndNothingElseChanges() {
        var accumulator = DCGMAccumulator(inference: InferenceMetric(name: "vllm:request_success_total"))
        let text = DCGMAccumulatorTests.line("DCGM_FI_DEV_GPU_UTIL", 0, "50", extra: ",pod=\"llama-0\",namespace=\"serve\"")
            + "# TYPE vllm:request_success_total counter\n"
            + "vllm:request_success_total{model_name=\"llama\",pod=\"llama-0\",namespace=\"serve\",finished_reason=\"stop\"} 1000\n"
            + "vllm:request_success_total{model_name=\"llama\",pod=\"llama-1\",namespace=\"serve\",finished_reason=\"length\"} 500\n"
            + "vllm:request_success_total{model_name=\"qwen\u{1b}[31m\",pod=\"qwen-0\"} 7\n"
            + "vllm:request_success_total{model_name=\"bad\",pod=\"x\"} NaN\n"
            + "vllm:num_requests_running{model_name=\"llama\"} 3\n"
        let parser = scrape(text, into: &accumulator)
        #expect(parser.errors.isEmpty && accumulator.errorCount == 0)
        #expect(accumulator.ignoredSamples == 1)  // num_requests_running
        #expect(accumulator.inferenceCounters == [
            InferenceCounter(service: "llama", requestsTotal: 1500, owners: ["serve/llama-0", "serve/llama-1"]),
            InferenceCounter(service: "qwen[31m", requestsTotal: 7, owners: ["qwen-0"]),
        ])
        #expect(accumulator.readings().first?.owner == "serve/llama-0")
        accumulator.beginScrape()
        #expect(accumulator.inferenceCounters.isEmpty)
        #expect(DCGMAccumulator().inferenceCounters.isEmpty)
    }
}
