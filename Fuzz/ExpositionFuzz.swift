// libFuzzer entry for the Prometheus/OpenMetrics exposition parser (Sources/FleetFeeds/Telemetry/Exposition)
// and the DCGM mapping behind it (DCGMAccumulator).
//
// Not part of the Swift package: scripts/fuzz-exposition.sh compiles this file into the FleetFeeds module
// together with its sources (so there is no `import FleetFeeds` here) and links it with libFuzzer and
// AddressSanitizer.
//
// Scrape 1 feeds the input in two chunks, split at a position derived from the input's last byte, so that
// lines cut across `consume` calls exercise the parser's line carry; `finish` flushes the unterminated tail.
// Scrape 2 feeds the same input in one chunk to the same accumulator, which exercises the identities kept
// across scrapes. Each scrape ends with `readings()`.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: size)
    let split = size == 0 ? 0 : Int(bytes[size - 1]) % (size + 1)
    var sink = DCGMAccumulator(inference: InferenceMetric(name: "vllm:request_success_total"))

    sink.beginScrape()
    var parser = ExpositionParser(maxLineBytes: 4096)
    parser.consume(UnsafeRawBufferPointer(rebasing: bytes[0..<split]), into: &sink)
    parser.consume(UnsafeRawBufferPointer(rebasing: bytes[split..<size]), into: &sink)
    parser.finish(into: &sink)
    _ = sink.readings()

    sink.beginScrape()
    var again = ExpositionParser(maxLineBytes: 4096)
    again.consume(bytes, into: &sink)
    again.finish(into: &sink)
    _ = sink.readings()
    return 0
}
