import Testing
@testable import FleetFeeds

@Suite struct ExpositionParserTests {
    @Test func helpTypeAndUnitLinesAreCheckedButDeliverNothing() {
        let good = parse("""
            # HELP m_total Requests, with "quotes" and \\ backslashes.
            # TYPE m_total counter
            # UNIT m_seconds seconds
            # TYPE m_seconds gauge
            # just a comment
            #no space after the hash
            m_total 3

            """)
        #expect(good.errors.isEmpty)
        #expect(good.rows.map(\.name) == ["m_total"] && good.rows[0].line == 7)
        #expect(good.parser.lineNumber == 7 && good.parser.sampleCount == 1)

        let bad = parse("# TYPE m_total\n# TYPE m_total bogus\n# TYPE 1bad gauge\n# HELP\n# UNIT 9x s\n# HELP ok_name\n")
        #expect(bad.errors == [
            ExpositionError(line: 1, message: "malformed TYPE line"),
            ExpositionError(line: 2, message: "unknown metric type 'bogus'"),
            ExpositionError(line: 3, message: "malformed TYPE line"),
            ExpositionError(line: 4, message: "malformed HELP line"),
            ExpositionError(line: 5, message: "malformed UNIT line"),
        ])
        #expect(bad.rows.isEmpty)
    }

    @Test func labelEscapesAreUnescapedByLabelValue() {
        let p = parse(#"m{a="x\\y",b="say \"hi\"",c="l1\nl2",d="}, #{",e="plain"} 1"# + "\n")
        #expect(p.errors.isEmpty)
        let row = try! #require(p.rows.first)
        #expect(row.label("a") == "x\\y")
        #expect(row.label("b") == "say \"hi\"")
        #expect(row.label("c") == "l1\nl2")
        #expect(row.label("d") == "}, #{")
        #expect(row.label("e") == "plain")
        #expect(row.value == 1)

        let bad = parse(#"m{a="tab\t"} 1"# + "\n")
        #expect(bad.rows.isEmpty)
        #expect(bad.errors == [ExpositionError(line: 1, message: "bad escape '\\t' in label value")])
    }

    @Test func timestampsAreOptionalIntegerOrFloat() {
        let p = parse("a 1\nb 2 1700000000000\nc 3 1700000000.125\nd 4 -5\ne 5 soon\nf 6 NaN\n")
        #expect(p.rows.map(\.name) == ["a", "b", "c", "d"])
        #expect(p.rows.map(\.timestamp) == [nil, 1_700_000_000_000, 1_700_000_000.125, -5])
        #expect(p.errors == [ExpositionError(line: 5, message: "bad timestamp 'soon'"),
                             ExpositionError(line: 6, message: "bad timestamp 'NaN'")])
    }

    @Test func specialValues() {
        let p = parse("a NaN\nb +Inf\nc -Inf\nd Inf\ne nan\nf -0\ng 1e400\nh Infinite\n")
        #expect(p.rows.count == 7)
        #expect(p.rows[0].value.isNaN && p.rows[4].value.isNaN)
        #expect(p.rows[1].value == .infinity && p.rows[2].value == -.infinity && p.rows[3].value == .infinity)
        #expect(p.rows[5].value == 0 && p.rows[5].value.sign == .minus)
        #expect(p.rows.first { $0.name == "g" }?.value == .infinity)
        #expect(p.errors == [ExpositionError(line: 8, message: "bad value 'Infinite'")])
    }

    @Test func exemplarsAreIgnored() {
        let p = parse("""
            h_bucket{le="0.5"} 7 # {trace_id="x"} 1.0
            h_bucket{le="1"} 9 123 # {trace_id="y",span_id="z"} 0.7 123.5
            h_count 9 #{trace_id="w"} 1

            """)
        #expect(p.errors.isEmpty)
        #expect(p.rows.map(\.value) == [7, 9, 9])
        #expect(p.rows.map(\.timestamp) == [nil, 123, nil])
        #expect(p.rows[0].labels == [Row.Label(name: "le", value: "0.5")])
    }

    @Test func contentAfterEOFIsAnError() {
        let p = parse("a 1\n# EOF\nb 2\n# HELP b x\n")
        #expect(p.parser.sawEOF)
        #expect(p.rows.map(\.name) == ["a"])
        #expect(p.errors == [ExpositionError(line: 3, message: "content after # EOF"),
                             ExpositionError(line: 4, message: "content after # EOF")])
        let clean = parse("a 1\r\n# EOF\r\n")
        #expect(clean.parser.sawEOF && clean.errors.isEmpty)
    }

    @Test func crlfLineEndings() {
        let p = parse("# TYPE a gauge\r\na 1\r\nb{x=\"y\"} 2 77\r\n\r\nc 3\r")
        #expect(p.errors.isEmpty)
        #expect(p.rows.map(\.name) == ["a", "b", "c"])
        #expect(p.rows.map(\.value) == [1, 2, 3])
        #expect(p.rows[1].label("x") == "y" && p.rows[1].timestamp == 77)
    }

    @Test func trailingCommaAndEmptyLabelSet() {
        let p = parse("a{x=\"1\",} 5\nb{} 6\nc { y = \"2\" , } 7\nd{,} 8\n")
        #expect(p.rows.map(\.name) == ["a", "b", "c"])
        #expect(p.rows[0].labels == [Row.Label(name: "x", value: "1")])
        #expect(p.rows[1].labels.isEmpty && p.rows[1].value == 6)
        #expect(p.rows[2].labels == [Row.Label(name: "y", value: "2")])
        #expect(p.errors == [ExpositionError(line: 4, message: "bad label name at byte 3")])
    }

    @Test func unterminatedLastLineIsParsedByFinish() {
        var parser = ExpositionParser()
        var sink = Collector()
        Array("a 1\nb{x=\"y\"} 2".utf8).withUnsafeBytes { parser.consume($0, into: &sink) }
        #expect(sink.rows.map(\.name) == ["a"])
        parser.finish(into: &sink)
        #expect(sink.rows.map(\.name) == ["a", "b"])
        #expect(sink.rows[1].value == 2 && sink.rows[1].line == 2 && parser.errors.isEmpty)
        parser.finish(into: &sink)  // A second finish has nothing left to do.
        #expect(sink.rows.count == 2 && parser.lineNumber == 2)
    }

    @Test func lineCutMidLabelsIsAnErrorAndLaterLinesStillCount() {
        let p = parse("a 1\nb{x=\"trunc\nc{x=\"1\",\nd{x\ne 5\n")
        #expect(p.rows.map(\.name) == ["a", "e"])
        #expect(p.rows[1].line == 5)
        #expect(p.errors == [ExpositionError(line: 2, message: "unterminated label value"),
                             ExpositionError(line: 3, message: "unterminated label set"),
                             ExpositionError(line: 4, message: "expected '=' after label name")])
    }

    @Test func invalidUTF8InALabelValueNamesTheLine() {
        var bytes = Array("ok 1\nm{a=\"".utf8) + [0xFF, 0xFE] + Array("\"} 1\n".utf8)
        bytes += Array("n{a=\"x\\\\".utf8) + [0xC3] + Array("\"} 1\n".utf8)  // escaped path
        bytes += Array("e{a=\"caf\u{e9} \u{1F600}\"} 1\n".utf8)  // valid multi-byte UTF-8
        let p = parse(bytes)
        #expect(p.rows.map(\.name) == ["ok", "e"])
        #expect(p.rows[1].label("a") == "caf\u{e9} \u{1F600}")
        #expect(p.errors == [ExpositionError(line: 2, message: "label value is not valid UTF-8"),
                             ExpositionError(line: 3, message: "label value is not valid UTF-8")])
        #expect(p.errors[0].description == "line 2: label value is not valid UTF-8")
    }

    @Test func overlongLineIsSkippedAndTheNextLinesAreFine() {
        let long = "big{v=\"" + String(repeating: "x", count: 200) + "\"} 1"
        let text = "a 1\n\(long)\nb 2\n\(long)"
        for cuts in [[], Array(1..<text.utf8.count), [10], [30]] {
            let p = parse(text, cuts: cuts, maxLineBytes: 64)
            #expect(p.rows.map(\.name) == ["a", "b"])
            #expect(p.errors == [ExpositionError(line: 2, message: "line longer than 64 bytes; skipped"),
                                 ExpositionError(line: 4, message: "line longer than 64 bytes; skipped")])
        }
    }

    @Test func lineOfExactlyTheLimitWithCRLFPassesHoweverItIsCut() {
        let line = "m{v=\"" + String(repeating: "y", count: 64 - 9) + "\"} 1"
        #expect(line.utf8.count == 64)
        let text = "a 1\r\n\(line)\r\nb 2\r\n"
        let whole = parse(text, maxLineBytes: 64)
        #expect(whole.errors.isEmpty && whole.rows.map(\.name) == ["a", "m", "b"])
        for cut in 1..<text.utf8.count {
            let p = parse(text, cuts: [cut], maxLineBytes: 64)
            #expect(p.rows == whole.rows && p.errors == whole.errors, "cut at \(cut)")
        }
    }

    static let mixed: [UInt8] = {
        var b = Array("# HELP m_total A counter.\n# TYPE m_total counter\n".utf8)
        b += Array(#"m_total{a="x\\y",b="q\"uote",c="l1\nl2"} 1 1700000000000"#.utf8) + Array("\r\n".utf8)
        b += Array("m_total{} +Inf\nbad{x=\"unterminated\n".utf8)
        b += Array(#"g{le="0.5",} NaN 17.5 # {trace_id="abc"} 1.0"#.utf8) + Array("\n\n".utf8)
        b += Array(("long{v=\"" + String(repeating: "z", count: 100) + "\"} 1\n").utf8)
        b += Array("ok{\u{e9}=\"x\"} 1\nh{v=\"caf\u{e9}\"} -3.5e-2\nzzz 1 2 3\n".utf8)
        b += [0xFF, 0xFE] + Array(" bad\nn{a=\"".utf8) + [0xC3] + Array("\"} 1\ntail 42".utf8)
        return b
    }()

    @Test func mixedInputParsesAsExpected() {
        let p = parse(Self.mixed, maxLineBytes: 80)
        #expect(p.rows.map(\.name) == ["m_total", "m_total", "g", "h", "tail"])
        #expect(p.rows.map(\.line) == [3, 4, 6, 10, 14])
        #expect(p.rows[0].label("c") == "l1\nl2" && p.rows[0].timestamp == 1_700_000_000_000)
        #expect(p.rows[2].value.isNaN && p.rows[2].timestamp == 17.5)
        #expect(p.rows[3].value == -0.035 && p.rows[4].value == 42)
        #expect(p.errors.map(\.line) == [5, 8, 9, 11, 12, 13])
        #expect(p.messages == ["unterminated label value", "line longer than 80 bytes; skipped",
                               "bad label name at byte 4", "unexpected text after the value",
                               "expected a metric name", "label value is not valid UTF-8"])
    }

    @Test func everyChunkSplitGivesTheSameResult() {
        let whole = parse(Self.mixed, maxLineBytes: 80)
        for cut in 0...Self.mixed.count {
            let p = parse(Self.mixed, cuts: [cut], maxLineBytes: 80)
            #expect(p.rows == whole.rows, "cut at \(cut)")
            #expect(p.errors == whole.errors, "cut at \(cut)")
        }
        let bytewise = parse(Self.mixed, cuts: Array(1..<Self.mixed.count), maxLineBytes: 80)
        #expect(bytewise.rows == whole.rows && bytewise.errors == whole.errors)
        #expect(bytewise.parser.byteCount == Self.mixed.count && bytewise.parser.lineNumber == whole.parser.lineNumber)
    }

    @Test func garbageNeverCrashesAndYieldsErrors() {
        var rng = SplitMix(seed: 42)
        let alphabet = Array("{}\",=\\ \t\r\n#aZ_:09.eE+-x".utf8)
        for round in 0..<300 {
            let n = Int.random(in: 1...1500, using: &rng)
            let binary = round % 2 == 0
            let bytes: [UInt8] = (0..<n).map { _ in
                binary ? UInt8.random(in: 0...255, using: &rng) : alphabet.randomElement(using: &rng)!
            }
            let cut = Int.random(in: 0...n, using: &rng)
            let whole = parse(bytes, maxLineBytes: 512)
            let split = parse(bytes, cuts: [cut], maxLineBytes: 512)
            #expect(split.rows == whole.rows && split.errors == whole.errors, "round \(round) cut \(cut)")
            #expect(whole.parser.errors.count <= ExpositionParser.keptErrors)
            #expect(whole.parser.errorCount >= whole.parser.errors.count)
            if binary, n >= 64 { #expect(whole.parser.errorCount > 0, "round \(round)") }
            // The real sink must survive garbage too.
            var accumulator = DCGMAccumulator()
            var parser = ExpositionParser(maxLineBytes: 512)
            bytes.withUnsafeBytes { parser.consume($0, into: &accumulator) }
            parser.finish(into: &accumulator)
            _ = accumulator.readings()
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]
        png += (0..<4096).map { UInt8(truncatingIfNeeded: $0) }
        let p = parse(png)
        #expect(p.parser.errorCount > 0 && p.rows.isEmpty)
    }

    @Test func valuesMatchDoubleParsingExactly() {
        var inputs = ["1.98e+09", "8.5520809984e+10", "0.000001", "-3.5", "123456789012345678901234", "2.0780679168e+10",
                      "631.95", "0.1", "1e22", "1e23", "9007199254740993", "4.9e-324", "2.2250738585072014e-308",
                      "1.7976931348623157e308", "0", "-0.0", "+7", ".5", "5.", "00012.5000", "1E-5", "1e-22", "123.456e-20"]
        var rng = SplitMix(seed: 7)
        for _ in 0..<400 {
            let digits = { (n: Int) in String((0..<n).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }) }
            var s = ["", "-", "+"].randomElement(using: &rng)!
            s += digits(Int.random(in: 1...24, using: &rng))
            if Bool.random(using: &rng) { s += "." + digits(Int.random(in: 0...20, using: &rng)) }
            if Bool.random(using: &rng) {
                s += ["e", "E"].randomElement(using: &rng)! + ["", "+", "-"].randomElement(using: &rng)!
                s += String(Int.random(in: 0...(Bool.random(using: &rng) ? 30 : 330), using: &rng))
            }
            inputs.append(s)
        }
        let text = inputs.map { "m \($0)\n" }.joined()
        let p = parse(text)
        #expect(p.errors.isEmpty)
        #expect(p.rows.count == inputs.count)
        for (row, input) in zip(p.rows, inputs) {
            let expected = try! #require(Double(input), "\(input)")
            #expect(row.valueBits == expected.bitPattern, "\(input): got \(row.value), want \(expected)")
        }
        let rejected = parse("a 1e\nb 1.2.3\nc --1\nd 0x10\ne .\nf 1e+\n")
        #expect(rejected.rows.isEmpty && rejected.parser.errorCount == 6)
    }
}
