import Foundation
import Testing
import FleetFeeds
import FleetCore

@Suite("Prometheus HTTP API responses")
struct PrometheusAPIResponseTests {
    private func parse(_ json: String) throws(PromAPIError) -> [PromSeries] {
        try PrometheusAPIResponse.parse(Data(json.utf8))
    }

    @Test("/api/v1/query instant vector")
    func vector() throws {
        let series = try parse("""
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","Hostname":"node-1","UUID":"GPU-a","gpu":"0"},
               "value":[1712345678.123,"42"]},
              {"metric":{"__name__":"DCGM_FI_DEV_GPU_UTIL","Hostname":"node-1","UUID":"GPU-b","gpu":"1"},
               "value":[1712345678,"0.5"]}
            ]},"warnings":["something"]}
            """)
        #expect(series.count == 2)
        #expect(series.first?.labels["UUID"] == "GPU-a")
        #expect(series.first?.labels["__name__"] == "DCGM_FI_DEV_GPU_UTIL")
        #expect(series.first?.samples == [PromSample(at: 1712345678.123, value: 42)])
        #expect(series.last?.samples == [PromSample(at: 1712345678, value: 0.5)])
    }

    @Test("/api/v1/query_range matrix, with NaN and ±Inf")
    func matrix() throws {
        let series = try parse("""
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"UUID":"GPU-a"},"values":[[1712345600,"1"],[1712345615,"NaN"],[1712345630,"+Inf"],
                                                   [1712345645,"-Inf"],[1712345660,"1e3"]]},
              {"metric":{},"values":[]}
            ]}}
            """)
        #expect(series.count == 2)
        let samples = try #require(series.first?.samples)
        #expect(samples.map(\.at) == [1712345600, 1712345615, 1712345630, 1712345645, 1712345660])
        #expect(samples[0].value == 1)
        #expect(samples[1].value.isNaN)
        #expect(samples[2].value == .infinity)
        #expect(samples[3].value == -.infinity)
        #expect(samples[4].value == 1000)
        #expect(series.last?.labels == [:])
        #expect(series.last?.samples.isEmpty == true)
    }

    @Test("empty vector and a scalar")
    func emptyAndScalar() throws {
        #expect(try parse(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#).isEmpty)
        let scalar = try parse(#"{"status":"success","data":{"resultType":"scalar","result":[1712345678,"3"]}}"#)
        #expect(scalar == [PromSeries(labels: [:], samples: [PromSample(at: 1712345678, value: 3)])])
    }

    @Test("status error: the server's errorType and text")
    func serverError() {
        let json = #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:5: parse error"}"#
        #expect(throws: PromAPIError.server(errorType: "bad_data", message: #"invalid parameter "query": 1:5: parse error"#)) {
            try parse(json)
        }
        do {
            _ = try parse(json)
        } catch {
            #expect(error.description == #"Prometheus error (bad_data): invalid parameter "query": 1:5: parse error"#)
        }
    }

    @Test("garbage is an error, never a crash", arguments: [
        "", "not json", "[1,2,3]", "{}", #"{"status":"success"}"#, #"{"status":"weird","data":null}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1]}]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"2"]}]}}"#,
        #"{"status":"success","data":{"resultType":"matrix","result":{"oops":true}}}"#,
        #"{"status":"success","data":{"resultType":"string","result":[1,"text"]}}"#,
        "<html>502 Bad Gateway</html>",
    ])
    func garbage(_ body: String) {
        #expect {
            try parse(body)
        } throws: { error in
            guard case PromAPIError.malformed(let why) = error else { return false }
            return !why.isEmpty
        }
    }
}
