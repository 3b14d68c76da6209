import Foundation
import Testing

@testable import OCPPDiagnostics

@Suite struct ShardTests {
    static var sample: LogInput { LogInput(path: packageRoot.appendingPathComponent("Examples/fleet.jsonl").path) }

    static func run(_ configure: (inout AnalysisOptions) -> Void) throws -> (AnalysisSummary, [String]) {
        let pack = try #require(RuleLoader.load(paths: [packageRoot.appendingPathComponent("Rules").path]).pack)
        var options = AnalysisOptions()
        configure(&options)
        var records: [String] = []
        let summary = try Analysis.run(inputs: [sample], pack: pack, options: options) { records.append($0.jsonRecord) }
        return (summary, records)
    }

    @Test func ownershipCacheAgreesWithTheHash() {
        // Ids of every length around the cached ones (1–15 bytes), far more of them than the
        // table holds, each followed by random bytes (as by the rest of a line), some too near
        // the end to be read as two words, and non-ASCII ones: the cache must answer as the
        // hash does.
        var rng = SplitMix(state: 21)
        for count in [2, 3, 4] {
            let shard = Shard(index: 1, count: count)!
            let cache = OwnershipCache(shard: shard)
            defer { cache.deallocate() }
            for _ in 0..<40_000 {
                let length = 1 + Int(rng.next() % 20)
                var id = (0..<length).map { _ in UInt8(ascii: "A") + UInt8(rng.next() % 26) }
                if rng.next() % 50 == 0 { id[0] = 0xC3; id.insert(0xA9, at: 1) }
                let tail = Int(rng.next() % 24)
                let line = id + (0..<tail).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let expected = Shard.of(String(decoding: id, as: UTF8.self), count: count) == 1
                let got = line.withUnsafeBufferPointer { b in
                    cache.owns(UnsafeBufferPointer(rebasing: b[0..<id.count]), readable: b.count)
                }
                #expect(got == expected, "\(String(decoding: id, as: UTF8.self)) of \(count)")
            }
        }
    }

    @Test func anyThreadCountGivesTheSameOutputAndAccounting() throws {
        let (one, oneRecords) = try Self.run { $0.threads = 1 }
        #expect(!oneRecords.isEmpty)
        for threads in [2, 3, 7] {
            let (many, records) = try Self.run { $0.threads = threads }
            #expect(records == oneRecords, "threads \(threads)")
            #expect(many.linesRead == one.linesRead && many.linesUsed == one.linesUsed && many.linesSkipped == one.linesSkipped)
            #expect(many.events == one.events && many.chargePoints == one.chargePoints && many.balances)
        }
    }

    @Test func canonicallyEquivalentSpellingsOfAnIdShareAShard() throws {
        // `Ç` precomposed or as C and a combining cedilla; a Kelvin sign or a K: one charge point each.
        for (a, b) in [("\u{C7}P-0003", "C\u{327}P-0003"), ("\u{212A}P-0005", "KP-0005")] {
            #expect(a == b)
            for n in 2...7 { #expect(Shard.of(a, count: n) == Shard.of(b, count: n), "\(a) / \(n)") }
        }
        // The sample fleet with two of its charge points spelled both ways, line by line:
        // the same records and accounting for any thread count.
        let text = try String(contentsOfFile: Self.sample.path, encoding: .utf8)
        let lines = text.split(separator: "\n").enumerated().map { i, line in
            line.replacingOccurrences(of: "\"CP-0003\"", with: i % 2 == 0 ? "\"\u{C7}P-0003\"" : "\"C\u{327}P-0003\"")
                .replacingOccurrences(of: "\"CP-0005\"", with: i % 2 == 0 ? "\"\u{212A}P-0005\"" : "\"KP-0005\"")
        }
        let path = try temporaryFile("spellings.jsonl", lines.joined(separator: "\n") + "\n")
        let pack = try #require(RuleLoader.load(paths: [packageRoot.appendingPathComponent("Rules").path]).pack)
        func run(_ threads: Int) throws -> (AnalysisSummary, [String]) {
            var options = AnalysisOptions()
            options.threads = threads
            var records: [String] = []
            let summary = try Analysis.run(inputs: [LogInput(path: path)], pack: pack, options: options) { records.append($0.jsonRecord) }
            return (summary, records)
        }
        let (one, oneRecords) = try run(1)
        #expect(!oneRecords.isEmpty)
        for threads in [2, 3, 4, 5] {
            let (many, records) = try run(threads)
            #expect(records == oneRecords, "threads \(threads)")
            #expect(many.chargePoints == one.chargePoints && many.events == one.events && many.linesSkipped == one.linesSkipped)
        }
    }

    @Test func anUntimedLineTakesTheSameTimeWhicheverShardDecodesTheLinesBeforeIt() throws {
        // Bare frames carry no time: each takes the time of the line before it, which belongs to
        // another charge point (so, with several threads, often to another shard).
        var lines: [String] = []
        for i in 0..<40 {
            lines.append(#"{"timestamp":"2026-03-01T\#(String(format: "%02d", i % 24)):\#(String(format: "%02d", i)):00Z","chargePointId":"A\#(i)","message":[2,"\#(i)","Heartbeat",{}]}"#)
            lines.append(#"[2, "z\#(i)", "Heartbeat", {}]"#)
        }
        lines.append(#"{"timestamp":"2026-03-02T00:00:00Z","chargePointId":"A0","message":"not a frame"#)  // damaged, its time still read
        lines.append(#"[2, "z-last", "Heartbeat", {}]"#)
        let path = try temporaryFile("Z.jsonl", lines.joined(separator: "\n") + "\n")
        let pack = try #require(RuleLoader.load(named: [(path: "z.yaml", hashName: "z.yaml", text: """
            rules:
              - id: any-z
                when: { chargePointId: Z, messageType: call }
                then: { cause: z, action: monitor, severity: low }
            """)]).pack)
        func run(_ threads: Int) throws -> [String] {
            var options = AnalysisOptions()
            options.threads = threads
            var records: [String] = []
            _ = try Analysis.run(inputs: [LogInput(path: path)], pack: pack, options: options) { records.append($0.jsonRecord) }
            return records
        }
        let one = try run(1)
        #expect(one.count == 41)
        #expect(one.last?.contains("2026-03-02T00:00:00.000Z") == true, "the damaged line's time: \(one.last ?? "")")
        for threads in 2...4 { #expect(try run(threads) == one, "threads \(threads)") }
    }

    @Test func skippedLineSamplesAndTheStrictErrorDoNotDependOnTheThreadCount() throws {
        // Two inputs read interleaved by time, damaged lines of several charge points in both:
        // the samples are the first skipped lines in the order the run read them, and `--strict`
        // stops at the first, whatever the split.
        func log(_ name: String, offset: Int) throws -> LogInput {
            var lines: [String] = []
            for i in 0..<30 {
                let time = "2026-03-01T08:\(String(format: "%02d", i)):\(String(format: "%02d", offset))Z"
                let cp = "CP-\((i * 7 + offset) % 11)"
                lines.append(i % 3 == 1 ? #"{"timestamp":"\#(time)","chargePointId":"\#(cp)","message":[2,"\#(i)","Heartbeat",{]}"#
                                        : #"{"timestamp":"\#(time)","chargePointId":"\#(cp)","message":[2,"\#(i)","Heartbeat",{}]}"#)
            }
            return LogInput(path: try temporaryFile(name, lines.joined(separator: "\n") + "\n"))
        }
        let inputs = [try log("b.jsonl", offset: 30), try log("a.jsonl", offset: 10)]
        let pack = try #require(RuleLoader.load(paths: [packageRoot.appendingPathComponent("Rules").path]).pack)
        func samples(_ threads: Int) throws -> [String] {
            var options = AnalysisOptions()
            options.threads = threads
            return try Analysis.run(inputs: inputs, pack: pack, options: options) { _ in }.samples.map(\.description)
        }
        func strictError(_ threads: Int) -> String {
            var options = AnalysisOptions()
            options.threads = threads
            options.strict = true
            do { _ = try Analysis.run(inputs: inputs, pack: pack, options: options) { _ in }; return "none" } catch { return "\(error)" }
        }
        let one = try samples(1)
        #expect(one.count == 5 && one.first?.contains("a.jsonl:2:") == true, "\(one)")
        #expect(strictError(1).contains("a.jsonl:2"), "\(strictError(1))")
        for threads in 2...3 {
            #expect(try samples(threads) == one, "threads \(threads)")
            #expect(strictError(threads) == strictError(1), "threads \(threads)")
        }
    }

    @Test func shardsAddUpToTheWhole() throws {
        let (whole, wholeRecords) = try Self.run { $0.threads = 1 }
        var union: [String] = []
        var used = 0
        for k in 0..<3 {
            let (part, records) = try Self.run { $0.shard = Shard(index: k, count: 3) }
            #expect(part.balances)
            #expect(part.linesRead == whole.linesRead)
            union += records
            used += part.linesUsed
        }
        #expect(Set(union) == Set(wholeRecords))
        #expect(union.count == wholeRecords.count)
        #expect(used == whole.linesUsed)
    }

    @Test func shardOwnershipIsAStableHash() {
        // FNV-1a (64-bit) of the id's UTF-8, modulo N: pinned so that the documented contract cannot drift.
        let owners = ["CP-0001", "CP-0002", "CP-0003", "A", ""].map { Shard.of($0, count: 4) }
        #expect(owners == [2,3,0,0,1])
        // The mask used for powers of two is the same number as the modulo.
        var rng = SplitMix(state: 3)
        for _ in 0..<2_000 {
            let h = rng.next(), n = Int(rng.next() % 9) + 1
            #expect(Shard.part(h, n) == Int(h % UInt64(n)))
        }
        #expect(Shard("1/4") == Shard(index: 1, count: 4))
        #expect(Shard("4/4") == nil && Shard("x") == nil)
    }

    @Test func theHintNeverDisagreesWithDecoding() {
        let lines = [
            #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-7","message":[2,"1","Heartbeat",{}]}"#,
            #"{"message":[2,"1","DataTransfer",{"chargePointId":"NOT-ME"}],"chargePointId":"CP-8"}"#,
            #"{"chargePointId":"CP\u002D9","message":[2,"1","Heartbeat",{}]}"#,
        ]
        let expected: [String?] = ["CP-7", "CP-8", nil]
        for (line, want) in zip(lines, expected) {
            var copy = line
            let hint = copy.withUTF8 { b in JSONLinesFormat().hints(b).chargePoint.map { String(decoding: UnsafeBufferPointer(rebasing: b[$0]), as: UTF8.self) } }
            #expect(hint == want, "\(line)")
        }
    }

    /// A shard trusts the hint of a JSON line it owns (it does not hash the decoded id again):
    /// on damaged and varied lines, a hint given is the id both decoding paths find.
    @Test func hintsAgreeWithDecodingOnMutatedLines() {
        var rng = SplitMix(state: 11)
        let garbage: [[UInt8]] = [[0xC3], [0x22], [0x5C], [0x7B], [0x7D], [0x2C], [0x3A], Array(#""chargePointId":"X""#.utf8)]
        var agreed = 0
        for _ in 0..<6_000 {
            var bytes = Array(WrappedFrameLineTests.samples[Int(rng.next() % UInt64(WrappedFrameLineTests.samples.count))].utf8)
            rng.damage(&bytes, edits: Int(rng.next() % 3), inserting: garbage)
            bytes.withUnsafeBufferPointer { b in
                guard let cp = JSONLinesFormat().hints(b).chargePoint else { return }
                let hinted = String(decoding: UnsafeBufferPointer(rebasing: b[cp]), as: UTF8.self)
                for fast in [true, false] {
                    var context = DecodeContext(file: "f", defaultChargePointId: "DEFAULT")
                    if fast { context.payloadsNeeded = ["StatusNotification"]; context.answerKeysNeeded = ["status"] }
                    let outcome = fast ? JSONLinesFormat().decode(b, number: 1, context: &context)
                        : JSONLinesFormat().decodeInGeneral(b, number: 1, context: &context)
                    if case .event(let event, _) = outcome {
                        #expect(event.chargePointId == hinted, "\(String(decoding: bytes, as: UTF8.self))")
                        agreed += 1
                    }
                }
            }
        }
        #expect(agreed > 1_000)
    }

    @Test func hintsAgreeWithDecodingWheneverTheyAreGiven() {
        let lines = [
            #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-7","message":[2,"1","Heartbeat",{}]}"#,
            #" { "n" : 12 , "ok" : true, "chargePointId" : "CP-8" , "timestamp" : "2026-03-01T08:00:01Z" , "message":[3,"1",{}]}"#,
            #"{"chargePointId":1,"chargeBoxId":"CB-1","timestamp":"2026-03-01T08:00:02Z","message":[3,"1",{}]}"#,
            #"{"chargePointId":"CP-9","chargePointId":"CP-10","timestamp":"2026-03-01T08:00:03Z","message":[3,"1",{}]}"#,
            #"{"timestamp":5,"time":"2026-03-01T08:00:04Z","chargePointId":"CP-11","message":[3,"1",{}]}"#,
            #"{"chargePointId":"","timestamp":"2026-03-01T08:00:05Z","message":[3,"1",{}]}"#,
            #"{"timestamp":"2026-03-01T08:00:06Z","chargePointId":"CP-12","status":"Faulted","connectorId":1,"errorCode":"GroundFailure"}"#,
            #"{"message":[2,"1","DataTransfer",{"chargePointId":"NOT-ME","timestamp":"2020-01-01T00:00:00Z"}],"chargePointId":"CP-14","timestamp":"2026-03-01T08:00:07Z"}"#,
        ]
        for line in lines {
            var copy = line
            copy.withUTF8 { b in
                let hints = JSONLinesFormat().hints(b)
                var context = DecodeContext(file: "f", defaultChargePointId: nil)
                let format = JSONLinesFormat()
                guard case .event(let event, _) = format.decode(b, number: 1, context: &context) else {
                    #expect(hints.chargePoint == nil, "an empty id is no hint: \(line)")
                    return
                }
                if let cp = hints.chargePoint {
                    #expect(String(decoding: UnsafeBufferPointer(rebasing: b[cp]), as: UTF8.self) == event.chargePointId, "\(line)")
                }
                if let t = hints.time {
                    #expect(context.parseTime(UnsafeBufferPointer(rebasing: b[t])) == event.timestamp, "\(line)")
                }
            }
        }
        // The plain layouts are read, with or without spaces, and with the frame first: both hints are there.
        for var line in [lines[0], lines[1], lines[7]] {
            let both = line.withUTF8 { JSONLinesFormat().hints($0) }
            #expect(both.chargePoint != nil && both.time != nil, "\(line)")
        }
        // Behind a damaged nested value or an escaped string, no hint.
        for var line in [#"{"x":{,},"chargePointId":"CP-1","timestamp":"2026-03-01T08:00:00Z"}"#,
                         #"{"note":"caf\u00e9","chargePointId":"CP-1","timestamp":"2026-03-01T08:00:00Z"}"#] {
            let none = line.withUTF8 { JSONLinesFormat().hints($0) }
            #expect(none.chargePoint == nil && none.time == nil, "\(line)")
        }
    }

    @Test(arguments: [
        #"{"timestamp":"2026-03-01T08:00:00.125Z","chargePointId":"CP-00042","direction":"in","message":[3,"1",{}]}"#,
        // As Python's json.dumps writes it by default.
        #"{"timestamp": "2026-03-01T08:00:00.125Z", "chargePointId": "CP-00042", "direction": "in", "message": [3, "1", {}]}"#,
    ])
    func theCommonOpeningIsReadAsTheWalkReadsIt(line: String) {
        var rng = SplitMix(state: 3)
        let base = Array(line.utf8)
        let garbage: [[UInt8]] = [[0x22], [0x5C], [0x2C], [0x3A], [0x20], [0xC3], [0x00], [0x7B]]
        var read = 0
        for _ in 0..<5000 {
            var bytes = base
            rng.damage(&bytes, edits: 1 + Int(rng.next() % 2), inserting: garbage)
            bytes.withUnsafeBufferPointer { b in
                guard let common = JSONLinesFormat.commonHints(b.baseAddress!, b.count) else { return }
                read += 1
                let walked = JSONLinesFormat().walkedHints(b)
                #expect(common.chargePoint == walked.chargePoint && common.time == walked.time, "\(bytes)")
            }
        }
        #expect(read > 500)
    }

    /// Two charge points in different shards, with lines far out of order: lateness, and the
    /// `for:` timers that end with the input, must not depend on how the fleet is split.
    @Test func latenessAndEndOfInputDoNotDependOnTheSplit() throws {
        let ids = (0..<50).map { "CP-\($0)" }
        let a = try #require(ids.first { Shard.of($0, count: 2) == 0 }), b = try #require(ids.first { Shard.of($0, count: 2) == 1 })
        func status(_ time: String, _ cp: String, _ status: String, _ code: String = "NoError") -> String {
            #"{"timestamp":"\#(time)","chargePointId":"\#(cp)","direction":"in","message":[2,"\#(time)","StatusNotification",{"connectorId":1,"errorCode":"\#(code)","status":"\#(status)"}]}"#
        }
        let log = [
            status("2026-03-01T08:00:00Z", a, "Preparing"),
            status("2026-03-01T08:00:00Z", b, "Faulted", "InternalError"),
            status("2026-03-01T08:30:00Z", b, "Available"),
            // Twenty minutes behind what the input already showed: late for every split.
            status("2026-03-01T08:10:00Z", a, "Faulted", "InternalError"),
            status("2026-03-01T08:05:00Z", b, "Faulted", "InternalError"),
            status("2026-03-01T09:00:00Z", b, "Available"),
        ].joined(separator: "\n")
        let path = try temporaryFile("split.jsonl", log)
        let pack = try loadPack("""
            rules:
              - id: stuck
                when: { status: Preparing }
                for: 15m
                then: { cause: c, action: check_authorization }
              - id: fault-after-fault
                when: { status: Faulted }
                history:
                  - count: { status: Faulted }
                    within: 1h
                    atLeast: 2
                then: { cause: c, action: maintenance_ticket }
              - id: fault
                when: { status: Faulted }
                then: { cause: c, action: soft_reset }
            """)
        func run(_ configure: (inout AnalysisOptions) -> Void) throws -> (AnalysisSummary, [String]) {
            var options = AnalysisOptions()
            configure(&options)
            var records: [String] = []
            let summary = try Analysis.run(inputs: [LogInput(path: path)], pack: pack, options: options) { records.append($0.jsonRecord) }
            return (summary, records)
        }
        let (whole, wholeRecords) = try run { $0.threads = 1 }
        #expect(whole.lateEvents == 2)
        #expect(wholeRecords.contains { $0.contains(#""ruleId":"stuck""#) })
        let (two, twoRecords) = try run { $0.threads = 2 }
        #expect(twoRecords == wholeRecords)
        #expect(two.lateEvents == whole.lateEvents)
        var union: [String] = []
        for k in 0..<2 {
            let (part, records) = try run { $0.shard = Shard(index: k, count: 2) }
            #expect(part.balances)
            union += records
        }
        #expect(Set(union) == Set(wholeRecords) && union.count == wholeRecords.count)
    }

    @Test func untimedEventsTakeTheFirstTimeOfTheirInputWhateverItsShard() throws {
        let ids = (0..<50).map { "CP-\($0)" }
        let a = try #require(ids.first { Shard.of($0, count: 2) == 0 }), b = try #require(ids.first { Shard.of($0, count: 2) == 1 })
        let log = [
            #"{"chargePointId":"\#(b)","message":[2,"1","StatusNotification",{"connectorId":1,"errorCode":"InternalError","status":"Faulted"}]}"#,
            #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"\#(a)","message":[2,"2","Heartbeat",{}]}"#,
        ].joined(separator: "\n")
        let path = try temporaryFile("untimed.jsonl", log)
        let pack = try loadPack("""
            rules:
              - id: fault
                when: { status: Faulted }
                then: { cause: c, action: soft_reset }
            """)
        for threads in [1, 2] {
            var options = AnalysisOptions()
            options.threads = threads
            var made: [Diagnosis] = []
            let summary = try Analysis.run(inputs: [LogInput(path: path)], pack: pack, options: options) { made.append($0) }
            #expect(made.map(\.chargePointId) == [b], "threads \(threads)")
            #expect(made.first?.timestamp.iso8601 == "2026-03-01T08:00:00.000Z")
            #expect(summary.untimedEvents == 1 && summary.linesSkipped.isEmpty)
        }
    }

    @Test func aNegativeConnectorIsNotTheChargePointAsAWhole() throws {
        // `count` with only an upper bound keeps the newest few events per connector: a hostile
        // connector id must not pass for "no connector", which every connector sees.
        let pack = try loadPack("""
            rules:
              - id: quiet-connector
                when: { type: Heartbeat }
                history:
                  - count: { type: MeterValues }
                    within: 1h
                    atMost: 0
                then: { cause: c, action: monitor }
            """)
        let evaluator = Evaluator(pack: pack)
        func event(_ minute: Int64, _ type: String, connector: Int?) -> Event {
            Event(timestamp: Timestamp(millisecondsSinceEpoch: 1_772_352_000_000 + minute * 60_000), chargePointId: "CP",
                  connectorId: connector, type: type, source: SourceRef(file: "log", line: Int(minute)))
        }
        _ = evaluator.process(event(0, "MeterValues", connector: -1))
        #expect(evaluator.process(event(1, "Heartbeat", connector: nil)).map(\.ruleId) == ["quiet-connector"])
    }

    @Test func strictStopsAtTheEarliestDamagedLineWithAnyThreadCount() throws {
        let ids = (0..<50).map { "CP-\($0)" }
        let b = try #require(ids.first { Shard.of($0, count: 2) == 1 })
        let log = [
            #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"\#(b)","message":[2,"1","Heartbeat",{}]}"#,
            #"{"timestamp":"2026-03-01T08:00:01Z","chargePointId":"\#(b)","direction":"sideways","message":[2,"2","Heartbeat",{}]}"#,
            #"{"timestamp":"2026-03-01T08:00:02Z","chargePointId":"\#(b)","message":[2,"3","Heartbeat",{}]}"#,
            "{not json",
        ].joined(separator: "\n")
        let path = try temporaryFile("strict.jsonl", log)
        let pack = try loadPack("rules: []")
        for threads in [1, 2] {
            var options = AnalysisOptions()
            options.threads = threads
            options.strict = true
            do {
                _ = try Analysis.run(inputs: [LogInput(path: path)], pack: pack, options: options) { _ in }
                Issue.record("no error with \(threads) threads")
            } catch {
                guard case .strict(let line) = error else { Issue.record("\(error)"); continue }
                #expect(line.source.line == 2, "threads \(threads)")
            }
        }
    }
}
