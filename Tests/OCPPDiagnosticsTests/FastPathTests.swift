import CFastPaths
import Testing

@testable import OCPPDiagnostics

/// The payload-eliding parser must accept and reject exactly what the full parser does,
/// and keep everything but the elided payload identical.
@Suite struct FastPathTests {
    static let samples = [
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","direction":"in","message":[2,"1","MeterValues",{"connectorId":1,"transactionId":7,"meterValue":[{"timestamp":"2026-03-01T07:59:00Z","sampledValue":[{"value":"1234","measurand":"Energy.Active.Import.Register","unit":"Wh"},{"value":"15.5","measurand":"Current.Import","phase":"L1"}]}]}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","direction":"in","message":[2,"2","StatusNotification",{"connectorId":2,"errorCode":"NoError","status":"Available"}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","direction":"out","message":[3,"2",{}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[2,"3","DataTransfer",{"vendorId":"x","data":"caf\u00e9 \ud83d\ude00 ü \"q\" \\ \/","n":[1,-2.5e3,true,false,null,{}]}]}"#,
        #"{"message":[4,"9","NotSupported","",{}],"chargePointId":"CP-2","timestamp":"2026-03-01T08:00:00Z"}"#,
        #"[2,"5","Heartbeat",{}]"#,
        // The usual envelope as Python's json.dumps writes it by default (a space after `:` and `,`).
        #"{"timestamp": "2026-03-01T08:00:00Z", "chargePointId": "CP-1", "direction": "in", "message": [2, "6", "MeterValues", {"connectorId": 1, "meterValue": [{"timestamp": "2026-03-01T07:59:00Z", "sampledValue": [{"value": "12.5", "unit": "kWh"}]}]}]}"#,
        #"{"timestamp": "2026-03-01T08:00:00.250Z", "chargePointId": "CP-1", "direction": "out", "message": [3, "6", {"status": "Accepted"}]}"#,
    ]

    static func elided(_ text: String) -> Result<JSONValue, JSONParser.Failure> {
        var copy = text
        return copy.withUTF8 { p in
            do throws(JSONParser.Failure) { return .success(try JSONParser.parse(p, elidingPayloadsOf: { $0 != "StatusNotification" })) } catch { return .failure(error) }
        }
    }

    static func full(_ text: String) -> Result<JSONValue, JSONParser.Failure> {
        do throws(JSONParser.Failure) { return .success(try JSONParser.parse(text)) } catch { return .failure(error) }
    }

    /// What must survive elision: everything except the non-header members of elided CALL payloads.
    static func visible(_ v: JSONValue) -> JSONValue {
        guard case .object(var members) = v, let i = members.firstIndex(where: { $0.0 == "message" }),
              case .array(var frame) = members[i].1, frame.count == 4, frame[0] == .number(2),
              case .string(let action) = frame[2], action != "StatusNotification", case .object(let payload) = frame[3]
        else { return v }
        frame[3] = .object(payload.filter { JSONParser.isHeaderKey($0.0) })
        members[i].1 = .array(frame)
        return .object(members)
    }

    func check(_ text: String) {
        switch (Self.full(text), Self.elided(text)) {
        case let (.success(a), .success(b)): #expect(Self.visible(a) == b, "\(text)")
        case (.failure, .failure): break
        case let (a, b): Issue.record("disagree on \(text): full \(a), elided \(b)")
        }
    }

    @Test func samplesAgree() {
        for s in Self.samples { check(s) }
        for key in ["connectorId", "evseId", "timestamp"] { #expect(JSONParser.isHeaderKey(key)) }
        #expect(!JSONParser.isHeaderKey("transactionId") && !JSONParser.isHeaderKey("timestamp "))
    }

    @Test func nestingAtTheLimitIsJudgedAlike() {
        for depth in 120...130 {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            check(#"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[2,"1","DataTransfer",{"data":"# + nested + "}]}")
        }
    }

    @Test func mutatedLinesAgree() {
        var rng = SplitMix(state: 42)
        let garbage: [[UInt8]] = [[0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x00], [0x22], [0x5C], [0x7B], [0x5D], [0x2C]]
        var checked = 0
        for _ in 0..<4000 {
            var bytes = Array(Self.samples[Int(rng.next() % UInt64(Self.samples.count))].utf8)
            rng.damage(&bytes, edits: 1 + Int(rng.next() % 3), inserting: garbage)
            let text = String(decoding: bytes, as: UTF8.self)  // invalid bytes become U+FFFD, still exercising non-ASCII
            check(text)
            let raw: (Bool, Bool) = bytes.withUnsafeBufferPointer { p in
                let a = (try? JSONParser.parse(p)) != nil
                let b = (try? JSONParser.parse(p, elidingPayloadsOf: { _ in true })) != nil
                return (a, b)
            }
            #expect(raw.0 == raw.1, "raw bytes \(bytes)")
            checked += 1
        }
        #expect(checked == 4000)
    }
}

struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Damages `bytes` as real logs are damaged: `edits` times, a byte dropped, one of
    /// `inserting` put in, a byte replaced, or the rest cut off.
    mutating func damage(_ bytes: inout [UInt8], edits: Int, inserting garbage: [[UInt8]]) {
        for _ in 0..<edits where !bytes.isEmpty {
            let at = Int(next() % UInt64(bytes.count))
            switch next() % 4 {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(contentsOf: garbage[Int(next() % UInt64(garbage.count))], at: at)
            case 2: bytes[at] = UInt8(truncatingIfNeeded: next())
            default: bytes = Array(bytes[..<at])
            }
        }
    }
}

/// The wrapped-frame reader must decode exactly as the general path does, or leave the line to it.
@Suite struct WrappedFrameLineTests {
    static func outcome(_ bytes: [UInt8], fast: Bool) -> String {
        var context = DecodeContext(file: "f.jsonl", defaultChargePointId: "DEFAULT")
        context.payloadsNeeded = ["StatusNotification"]
        context.answerKeysNeeded = ["status"]
        context.lastTimestamp = Timestamp.parse("2026-03-01T07:00:00Z")
        let outcome = bytes.withUnsafeBufferPointer { p in
            fast ? JSONLinesFormat().decode(p, number: 3, context: &context) : JSONLinesFormat().decodeInGeneral(p, number: 3, context: &context)
        }
        return describe(outcome) + " last=\(context.lastTimestamp.map(\.iso8601) ?? "-")"
    }

    static func describe(_ outcome: LineOutcome) -> String {
        switch outcome {
        case .event(let e, let untimed):
            return "event \(e.timestamp.iso8601) \(e.chargePointId) \(e.connectorId.map(String.init) ?? "-") \(e.type) \(e.messageType) "
                + "\(e.direction) inferred=\(e.directionIsInferred) \(e.status ?? "-") \(e.errorCode ?? "-") \(e.vendorId ?? "-") "
                + "\(e.vendorErrorCode ?? "-") \(e.info ?? "-") \(e.reportedAt.map(\.iso8601) ?? "-") \(e.payload.jsonText) "
                + "\(e.uniqueId ?? "-") \(e.source) untimed=\(untimed)"
        case .skip(let reason, let detail): return "skip \(reason) \(detail)"
        default: return "other"
        }
    }

    static let samples = FastPathTests.samples + [
        #"{"time":"2026-03-01T08:00:00+01:00","chargeBoxId":"CB-7","message":[2,"7","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted","vendorId":"v","vendorErrorCode":"E1","info":"x","timestamp":"2026-03-01T06:59:00Z"}]}"#,
        #"{"ts":1772352000,"chargePointId":"CP-9","message":[3,"7",{"status":"Accepted"}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","timestamp":"later","chargePointId":7,"stationId":"S-1","direction":"Incoming","message":[2,"8","Heartbeat",{}]}"#,
        #"{"chargePointId":"CP-1","message":[2,"9","MeterValues",{"connectorId":2,"meterValue":[],"timestamp":"2026-03-01T07:30:00Z"}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":{"not":"a frame"},"status":"Faulted"}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[2,"1","Heartbeat",{}],"message":[3,"1",{}]}"#,
        #"{"timestamp":"not a time","chargePointId":"CP-1","direction":"out","message":[4,"1","GenericError","oops",{"a":[1]}]}"#,
        #" {"chargePointId":"","message":[2,"1","Heartbeat",{}] , "direction":"in"} "#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[ 3 , "x" , [1, 2] ]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[2.0,"1","Heartbeat",{}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[23,"1","Heartbeat",{}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[3,17,{}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[2,"1","Heartbeat",{},{}]}"#,
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","message":[3,"1",{},{}]}"#,
        #"{"chargePointId":"CP-1","message":[2,"1","StatusNotification",{"connectorId":1,"status":"Faulted","errorCode":"OtherError","timestamp":"2026-03-01T07:30:00Z"}]}"#,
        Self.answerWithKeysNoRuleReads,
    ]

    static let answerWithKeysNoRuleReads =
        #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","direction":"out","message":[3,"5",{"currentTime":"2026-03-01T08:00:00Z","status":"Accepted","x":{"y":[1,{"z":"\u00e9"}]},"status":"Rejected"}]}"#

    @Test func answersKeepOnlyTheKeysRulesRead() {
        // Both paths drop the rest, duplicates of a kept key stay, as a full parse has them.
        let fast = Self.outcome(Array(Self.answerWithKeysNoRuleReads.utf8), fast: true)
        #expect(fast.contains(#" {"status":"Accepted","status":"Rejected"} "#), "\(fast)")
        #expect(fast == Self.outcome(Array(Self.answerWithKeysNoRuleReads.utf8), fast: false))
        // A damaged value among the dropped keys is still an invalid line, with the same message.
        let damaged = Self.answerWithKeysNoRuleReads.replacingOccurrences(of: #"{"z":"#, with: #"{"z":]"#)
        let skipped = Self.outcome(Array(damaged.utf8), fast: true)
        #expect(skipped.hasPrefix("skip invalidJSON"), "\(skipped)")
        #expect(skipped == Self.outcome(Array(damaged.utf8), fast: false))
    }

    @Test func thePackSaysWhichAnswerKeysItReads() throws {
        let pack = try #require(RuleLoader.load(paths: [packageRoot.appendingPathComponent("Rules").path]).pack)
        #expect(pack.answerPayloadKeys.isSuperset(of: ["status", "interval"]))
        #expect(!pack.answerPayloadKeys.contains("currentTime"))
    }

    @Test func everyEnvelopeKeyHasItsSlot() {
        for (slot, key) in WrappedFrameLine.keys.enumerated() {
            var bytes = Array(key.utf8)
            let found = bytes.withUnsafeMutableBufferPointer { WrappedFrameLine.slotIndex(of: 0..<$0.count, in: UnsafeBufferPointer($0)) }
            #expect(found == slot, "\(key)")
        }
        #expect(WrappedFrameLine.keys.count == 9)
    }

    @Test func decodesAsTheGeneralPathDoes() {
        for s in Self.samples {
            #expect(Self.outcome(Array(s.utf8), fast: true) == Self.outcome(Array(s.utf8), fast: false), "\(s)")
        }
        // The usual lines are read by the fast reader itself, not handed back.
        var context = DecodeContext(file: "f.jsonl", defaultChargePointId: nil)
        let answered = Self.samples.filter { s in
            var bytes = Array(s.utf8)
            return bytes.withUnsafeMutableBufferPointer { p in
                WrappedFrameLine.decode(UnsafeBufferPointer(p), number: 1, context: &context) != nil
            }
        }
        // Error frames, numeric ids and the like are left to the general path.
        #expect(answered.count == 12)
    }

    @Test func mutatedLinesDecodeAlike() {
        var rng = SplitMix(state: 7)
        let garbage: [[UInt8]] = [[0xC3], [0xED, 0xA0, 0x80], [0xFF], [0x00], [0x22], [0x5C], [0x7B], [0x5D], [0x2C], [0x3A], Array("\\u00e9".utf8)]
        for _ in 0..<6000 {
            var bytes = Array(Self.samples[Int(rng.next() % UInt64(Self.samples.count))].utf8)
            rng.damage(&bytes, edits: 1 + Int(rng.next() % 3), inserting: garbage)
            #expect(Self.outcome(bytes, fast: true) == Self.outcome(bytes, fast: false), "\(bytes)")
        }
    }
}

/// The quick skip may only vouch for what the careful skip accepts, ending where it ends.
@Suite struct QuickSkipTests {
    static let values = [
        #"{"connectorId":1,"transactionId":7,"meterValue":[{"timestamp":"2026-03-01T07:59:00Z","sampledValue":[{"value":"1234","measurand":"Energy.Active.Import.Register","unit":"Wh"},{"value":"-15.5e-3","phase":"L1"}]}]}"#,
        #"[1, -0, 0.25, 1E+9, true, false, null, "a longer string of plain text", {"k" : [ ] , "m":{}}]"#,
        #"{"data":"caf\u00e9 ü \"q\" \\ \/","n":[[[[[]]]]]}"#,
        #""x""#, "12", "-3.5", "null",
    ]

    static func careful(_ bytes: [UInt8], depth: Int) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            var p = JSONParser(bytes: b)
            do throws(JSONParser.Failure) { try p.skipValueCarefully(depth: depth); return p.index } catch { return nil }
        }
    }

    static func quick(_ bytes: [UInt8], depth: Int) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            var p = JSONParser(bytes: b)
            return p.skipValueQuickly(depth: depth) ? p.index : nil
        }
    }

    static func scanned(_ bytes: [UInt8], depth: Int) -> Int? {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return nil }
            let end = ocpp_json_skip(base, b.count, 0, depth, JSONParser.maxDepth)
            return end >= 0 ? end : nil
        }
    }

    @Test func theScannerVouchesForPlainValuesOnly() {
        for v in Self.values where !v.contains("\\") && v.utf8.allSatisfy({ $0 < 0x80 }) {
            #expect(Self.scanned(Array(v.utf8), depth: 0) == v.utf8.count, "\(v)")
        }
        // Escapes and multi-byte characters are left to the Swift loops.
        #expect(Self.scanned(Array(#""caf\u00e9""#.utf8), depth: 0) == nil)
        #expect(Self.scanned(Array("\"ü\"".utf8), depth: 0) == nil)
        let deep = Array((String(repeating: "[", count: 60) + String(repeating: "]", count: 60)).utf8)
        #expect(Self.scanned(deep, depth: 0) == 120 && Self.scanned(deep, depth: 100) == nil)
        // Long strings go through the sixteen-byte scan, and a quote right at a block's edge ends them.
        for length in 0..<70 {
            let text = Array(("\"" + String(repeating: "a", count: length) + "\"").utf8)
            #expect(Self.scanned(text, depth: 0) == text.count, "\(length)")
            #expect(Self.scanned(Array(text.dropLast()), depth: 0) == nil, "unterminated \(length)")
        }
    }

    @Test func theScannerNeverVouchesForWhatTheCarefulSkipRejects() {
        let garbage: [[UInt8]] = [[0xC3], [0xFF], [0x00], [0x1F], [0x7F], [0x22], [0x5C], [0x7B], [0x7D], [0x5B], [0x5D], [0x2C], [0x3A], [0x2D], [0x2E], [0x65], [0x20], [0x0A]]
        Self.checkAgainstCarefulSkip(Self.scanned, seed: 13, tries: 30000, inserting: garbage)
    }

    /// Runs `skip` over damaged values: wherever it vouches for one, the careful skip must
    /// accept it and end at the same place; and it must vouch for plenty.
    static func checkAgainstCarefulSkip(_ skip: ([UInt8], Int) -> Int?, seed: UInt64, tries: Int, inserting garbage: [[UInt8]]) {
        var rng = SplitMix(state: seed)
        var vouched = 0
        for _ in 0..<tries {
            var bytes = Array(values[Int(rng.next() % UInt64(values.count))].utf8)
            rng.damage(&bytes, edits: 1 + Int(rng.next() % 2), inserting: garbage)
            let depth = Int(rng.next() % 130)
            if let end = skip(bytes, depth) {
                vouched += 1
                #expect(careful(bytes, depth: depth) == end, "\(bytes) at depth \(depth)")
            }
        }
        #expect(vouched > 1000)
    }

    @Test func vouchesForPlainValues() {
        for v in Self.values {
            #expect(Self.quick(Array(v.utf8), depth: 0) == v.utf8.count, "\(v)")
        }
        let deep = Array((String(repeating: "[", count: 130) + String(repeating: "]", count: 130)).utf8)
        #expect(Self.quick(deep, depth: 0) == nil && Self.careful(deep, depth: 0) == nil)
    }

    @Test func neverVouchesForWhatTheCarefulSkipRejects() {
        let garbage: [[UInt8]] = [[0xC3], [0xED, 0xA0, 0x80], [0xFF], [0x00], [0x1F], [0x22], [0x5C], [0x7B], [0x7D], [0x5B], [0x5D], [0x2C], [0x3A], [0x2D], [0x2E], [0x65]]
        Self.checkAgainstCarefulSkip(Self.quick, seed: 11, tries: 20000, inserting: garbage)
    }
}

/// A line time read through the minute cache must be what the full reader makes of it.
@Suite struct MinuteCacheTests {
    static func full(_ text: String) -> Timestamp? {
        DecodeContext(file: "f", defaultChargePointId: nil).parseTime(text)
    }

    @Test func cachedTimesReadAsTheFullReaderReadsThem() {
        var rng = SplitMix(state: 5)
        var context = DecodeContext(file: "f", defaultChargePointId: nil)
        let minutes = ["2026-03-01T08:00", "2026-03-01T08:01", "2024-02-29t23:59", "2026-12-31 24:00", "2026-13-01T08:00"]
        let tails = [":00Z", ":59.999Z", ":60Z", ":07.1z", ":07,25Z", ":07.123456Z", ":7Z", ":07.Z", ":70Z", ":07.1x", ":07Z ",
                     ":07+00:00", ":07.5", ":0aZ", ":07.1aZ", "Z", ":07.12Z"]
        var cached = 0
        for _ in 0..<5000 {
            let text = minutes[Int(rng.next() % UInt64(minutes.count))] + tails[Int(rng.next() % UInt64(tails.count))]
            var copy = text
            let viaCache = copy.withUTF8 { bytes in
                if context.minuteCache.lookup(bytes) != nil { cached += 1 }
                return context.parseLineTime(bytes)
            }
            #expect(viaCache == Self.full(text), "\(text)")
        }
        #expect(cached > 300)
    }
}

/// Values found by their bytes must be the strings those bytes spell, however many there are.
@Suite struct ByteInternerTests {
    @Test func givesBackWhatWasMadeOfTheSameBytes() {
        var table = ByteInterner<String>(limit: 9000)
        var made = 0
        var distinct = Set<[UInt8]>()
        for round in 0..<3 {
            for i in 0..<5000 {
                // Short ids (kept in the entry) and long ones (kept apart), some 16 bytes exactly.
                var id = Array((i % 3 == 0 ? "CP-LONG-PREFIX-\(i % 2500)" : i % 3 == 1 ? "CP-\(i % 2500)" : "CP-SIXTEEN-\(10000 + i % 2500)").utf8)
                if round == 2 && i % 7 == 0 { id.append(UInt8(ascii: "x")) }
                distinct.insert(id)
                let found = id.withUnsafeBufferPointer { b in table.value(for: b) { made += 1; return $0 } }
                #expect(found == String(decoding: id, as: UTF8.self))
            }
        }
        // Each id made once: the table never filled up, so it never started afresh.
        #expect(made == distinct.count && table.count == distinct.count)
        // Past the limit it starts afresh, and still answers right.
        var small = ByteInterner<String>(limit: 100)
        for i in 0..<1000 {
            let id = Array("CP-\(i % 300)".utf8)
            #expect(id.withUnsafeBufferPointer { b in small.value(for: b) { $0 } } == "CP-\(i % 300)")
            #expect(small.count <= 100)
        }
        var empty: [UInt8] = []
        let e = empty.withUnsafeMutableBufferPointer { b in table.value(for: UnsafeBufferPointer(b)) { $0 } }
        #expect(e == "")
    }
}

/// Answers' kept keys are told by length first, only where the length decides.
@Suite struct KeptKeyLengthTests {
    @Test func keysOfOtherLengthsAreSteppedOverAndEqualSpellingsKept() throws {
        #expect(JSONParser.KeptMembers.lengths(of: ["status", "interval"]) == (1 << 6 | 1 << 8))
        #expect(JSONParser.KeptMembers.lengths(of: ["status", "Kind"]) == ~0)  // K: the Kelvin sign equals it
        func kept(_ json: String, _ keys: Set<String>) throws -> JSONValue {
            try Array(json.utf8).withUnsafeBufferPointer { b in
                var p = JSONParser(bytes: b)
                return try p.parseObject(keeping: keys, lengths: JSONParser.KeptMembers.lengths(of: keys))
            }
        }
        let text = #"{"currentTime":"x","status":"Accepted","\#u{212A}ind":1,"interval":300}"#
        #expect(try kept(text, ["status", "interval"]).jsonText == #"{"status":"Accepted","interval":300}"#)
        #expect(try kept(text, ["Kind"]).jsonText == #"{"\#u{212A}ind":1}"#)
    }
}
