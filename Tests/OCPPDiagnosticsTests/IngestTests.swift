import Foundation
import Testing

@testable import OCPPDiagnostics

@Suite struct IngestTests {
    static let rules = """
        rules:
          - id: unlock-failed
            when: { type: UnlockConnector, messageType: result, payload.status: UnlockFailed }
            then: { cause: c, action: maintenance_ticket }
          - id: reset-rejected
            when: { type: Reset, messageType: result, payload.status: Rejected }
            then: { cause: c, action: hard_reset }
          - id: call-error
            when: { messageType: error, payload.errorCode: NotSupported }
            then: { cause: c, action: update_firmware }
          - id: fault
            when: { status: Faulted }
            history:
              - count: { status: Faulted }
                within: 1h
                atLeast: 2
            then: { cause: c, action: maintenance_ticket }
        """

    func analyze(_ files: [(String, String)], options: AnalysisOptions = AnalysisOptions(), rules: String = IngestTests.rules) throws -> (AnalysisSummary, [Diagnosis]) {
        let pack = try loadPack(rules)
        let dir = try temporaryDirectory()
        var inputs: [LogInput] = []
        for (name, text) in files {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            inputs.append(LogInput(path: path))
        }
        var diagnoses: [Diagnosis] = []
        let summary = try Analysis.run(inputs: inputs, pack: pack, options: options) { diagnoses.append($0) }
        return (summary, diagnoses)
    }

    static func line(_ time: String, _ cp: String, _ dir: String, _ frame: String) -> String {
        "{\"timestamp\":\"\(time)\",\"chargePointId\":\"\(cp)\",\"direction\":\"\(dir)\",\"message\":\(frame)}"
    }

    @Test func answersTakeTheActionAndConnectorOfTheirCall() throws {
        let log = [
            Self.line("2026-03-01T08:00:00Z", "CP-1", "out", #"[2,"7","UnlockConnector",{"connectorId":2}]"#),
            Self.line("2026-03-01T08:00:01Z", "CP-1", "in", #"[3,"7",{"status":"UnlockFailed"}]"#),
            Self.line("2026-03-01T08:01:00Z", "CP-1", "out", #"[2,"8","Reset",{"type":"Soft"}]"#),
            Self.line("2026-03-01T08:01:01Z", "CP-1", "in", #"[4,"8","NotSupported","no",{}]"#),
        ].joined(separator: "\n")
        let (summary, diagnoses) = try analyze([("a.jsonl", log)])
        #expect(diagnoses.map(\.ruleId) == ["unlock-failed", "call-error"])
        #expect(diagnoses[0].connectorId == 2)
        #expect(diagnoses[0].trigger.type == "UnlockConnector")
        #expect(diagnoses[1].trigger.type == "Reset")
        #expect(summary.uncorrelatedAnswers == 0)
    }

    @Test func idsRepeatAcrossChargePointsAndDirectionsWithoutMixingUp() throws {
        // Counter-style ids: CP-2 uses "1" for its own call; CP-1's answer "1" must pair with CP-1's command.
        let log = [
            Self.line("2026-03-01T08:00:00Z", "CP-1", "out", #"[2,"1","Reset",{"type":"Hard"}]"#),
            Self.line("2026-03-01T08:00:00Z", "CP-2", "out", #"[2,"1","UnlockConnector",{"connectorId":1}]"#),
            Self.line("2026-03-01T08:00:00Z", "CP-1", "in", #"[2,"1","Heartbeat",{}]"#),
            Self.line("2026-03-01T08:00:01Z", "CP-1", "out", #"[3,"1",{"currentTime":"2026-03-01T08:00:01Z"}]"#),
            Self.line("2026-03-01T08:00:02Z", "CP-1", "in", #"[3,"1",{"status":"Rejected"}]"#),
            Self.line("2026-03-01T08:00:03Z", "CP-9", "in", #"[3,"1",{"status":"Rejected"}]"#),
        ].joined(separator: "\n")
        let (summary, diagnoses) = try analyze([("a.jsonl", log)])
        #expect(diagnoses.map(\.ruleId) == ["reset-rejected"])
        #expect(diagnoses.first?.chargePointId == "CP-1")
        #expect(summary.uncorrelatedAnswers == 1)
    }

    @Test func idsThatAreTheSameTextPairWhateverTheirEncoding() throws {
        // A precomposed é in the call's id, e + combining accent in the answer's; a Kelvin sign
        // in one charge point id, a K in the other: equal strings, so every answer pairs. (One
        // thread: shards split the fleet by the bytes of the id, so there the two are apart.)
        var lines: [String] = []
        for i in 0..<40 {
            let time = "2026-03-01T08:\(String(format: "%02d", i)):00Z"
            lines.append(Self.line(time, #"CP-\u212A"# + "\(i)", "out", #"[2,"\u00e9\#(i)","Reset",{"type":"Soft"}]"#))
            lines.append(Self.line(time, "CP-K\(i)", "in", #"[3,"e\u0301\#(i)",{"status":"Accepted"}]"#))
        }
        var options = AnalysisOptions()
        options.threads = 1
        let (summary, _) = try analyze([("a.jsonl", lines.joined(separator: "\n"))], options: options)
        #expect(summary.uncorrelatedAnswers == 0)
    }

    @Test func manyCallsWaitingOnOneChargePointPairAsFew() throws {
        // 100 calls waiting at once on one charge point (its list is indexed past 32), one of
        // them sent again (the later one waits), answered in reverse order; then an answer
        // with nothing waiting, and 40 calls answered after 11 minutes (too late).
        func time(_ seconds: Int) -> String {
            Timestamp(millisecondsSinceEpoch: Timestamp.parse("2026-03-01T08:00:00Z")!.millisecondsSinceEpoch + Int64(seconds) * 1000).iso8601
        }
        var lines: [String] = []
        for i in 0..<100 { lines.append(Self.line(time(i), "CP-1", "out", #"[2,"c\#(i)","Reset",{"type":"Soft"}]"#)) }
        lines.append(Self.line(time(120), "CP-1", "out", #"[2,"c5","Reset",{"type":"Hard"}]"#))
        for i in (0..<100).reversed() { lines.append(Self.line(time(180 + 99 - i), "CP-1", "in", #"[3,"c\#(i)",{"status":"Accepted"}]"#)) }
        lines.append(Self.line(time(300), "CP-1", "in", #"[3,"c5",{"status":"Accepted"}]"#))
        for i in 0..<40 { lines.append(Self.line(time(3600 + i), "CP-1", "out", #"[2,"x\#(i)","Reset",{"type":"Soft"}]"#)) }
        for i in 0..<40 { lines.append(Self.line(time(3600 + 660 + i), "CP-1", "in", #"[3,"x\#(i)",{"status":"Accepted"}]"#)) }
        let (summary, _) = try analyze([("a.jsonl", lines.joined(separator: "\n"))])
        #expect(summary.uncorrelatedAnswers == 41)
    }

    @Test func whetherALateAnswerPairsDependsOnlyOnItsOwnChargePoint() throws {
        // Two charge points in different shards of a two-thread run. A's call waits; B's traffic
        // moves the log 20 minutes on; then A's answer arrives late (past the reorder window),
        // 5 minutes after its call. A call is forgotten by its own charge point's clock (A has
        // shown nothing newer than its call), so the answer pairs however the fleet is split.
        let a = "CP-A", b = (0..<100).map { "CP-B\($0)" }.first { Shard.of($0, count: 2) != Shard.of(a, count: 2) }!
        var lines = [Self.line("2026-03-01T08:00:00Z", a, "out", #"[2,"1","Reset",{"type":"Soft"}]"#)]
        for minute in 1...20 {
            lines.append(Self.line("2026-03-01T08:\(String(format: "%02d", minute)):00Z", b, "in", #"[2,"h\#(minute)","Heartbeat",{}]"#))
        }
        lines.append(Self.line("2026-03-01T08:05:00Z", a, "in", #"[3,"1",{"status":"Rejected"}]"#))
        var outcomes: [[String]] = []
        for threads in [1, 2] {
            var options = AnalysisOptions()
            options.threads = threads
            let (summary, diagnoses) = try analyze([("a.jsonl", lines.joined(separator: "\n"))], options: options)
            #expect(summary.lateEvents == 1, "threads \(threads)")
            #expect(summary.uncorrelatedAnswers == 0, "threads \(threads)")
            outcomes.append(diagnoses.map { "\($0.ruleId) \($0.trigger.type)" })
        }
        #expect(outcomes[0] == outcomes[1])
        #expect(outcomes[0].contains("reset-rejected Reset"))
    }

    @Test func whatALateEventFindsInHistoryDependsOnlyOnItsOwnChargePoint() throws {
        // A's reset (accepted) and a heartbeat 20 minutes later all arrive late, while B (in
        // another shard of a two-thread run) has moved the log to 09:10. A's history is trimmed
        // by A's own latest time, not the stream's, so the late heartbeat still sees the reset
        // and the diagnosis is the same however the fleet is split.
        let a = "CP-A", b = (0..<100).map { "CP-B\($0)" }.first { Shard.of($0, count: 2) != Shard.of(a, count: 2) }!
        let lines = [
            Self.line("2026-03-01T09:00:00Z", b, "in", #"[2,"h1","Heartbeat",{}]"#),
            Self.line("2026-03-01T08:30:00Z", a, "out", #"[2,"r1","Reset",{"type":"Soft"}]"#),
            Self.line("2026-03-01T08:30:01Z", a, "in", #"[3,"r1",{"status":"Accepted"}]"#),
            Self.line("2026-03-01T09:10:00Z", b, "in", #"[2,"h2","Heartbeat",{}]"#),
            Self.line("2026-03-01T08:50:00Z", a, "in", #"[2,"h3","Heartbeat",{}]"#),
        ]
        let rules = """
            rules:
              - id: reset-not-executed
                when: { type: Heartbeat, messageType: call }
                history:
                  - count: { type: Reset, messageType: result, payload.status: Accepted }
                    within: 25m
                    atLeast: 1
                then: { cause: c, action: hard_reset }
            """
        var outcomes: [[String]] = []
        for threads in [1, 2] {
            var options = AnalysisOptions()
            options.threads = threads
            let (summary, diagnoses) = try analyze([("a.jsonl", lines.joined(separator: "\n"))], options: options, rules: rules)
            #expect(summary.lateEvents == 3, "threads \(threads)")
            outcomes.append(diagnoses.map { "\($0.ruleId) \($0.trigger.source.line)" })
        }
        #expect(outcomes[0] == outcomes[1])
        #expect(outcomes[0] == ["reset-not-executed 5"])
    }

    @Test func anAnswerPairsWithACallAtMostTenMinutesOlderWhateverElseIsWaiting() throws {
        // CP-1's call "a" waits unanswered at the front of the queue; CP-2's call "b" is
        // answered after 11 minutes (too late), CP-2's call "c" after 9 (in time).
        let log = [
            Self.line("2026-03-01T08:00:00Z", "CP-1", "out", #"[2,"a","Reset",{"type":"Soft"}]"#),
            Self.line("2026-03-01T08:00:10Z", "CP-2", "out", #"[2,"b","Reset",{"type":"Hard"}]"#),
            Self.line("2026-03-01T08:00:20Z", "CP-2", "out", #"[2,"c","Reset",{"type":"Hard"}]"#),
            Self.line("2026-03-01T08:09:20Z", "CP-2", "in", #"[3,"c",{"status":"Rejected"}]"#),
            Self.line("2026-03-01T08:11:10Z", "CP-2", "in", #"[3,"b",{"status":"Rejected"}]"#),
        ].joined(separator: "\n")
        let (summary, diagnoses) = try analyze([("a.jsonl", log)])
        #expect(diagnoses.map(\.ruleId) == ["reset-rejected"])
        #expect(diagnoses.first?.trigger.source.line == 4)
        #expect(summary.uncorrelatedAnswers == 1)
    }

    static func status(_ time: String, _ cp: String = "CP-1", _ status: String, _ code: String = "NoError") -> String {
        Self.line(time, cp, "in", #"[2,"\#(time)","StatusNotification",{"connectorId":1,"errorCode":"\#(code)","status":"\#(status)"}]"#)
    }

    @Test func outOfOrderLinesWithinTheWindowAreEvaluatedInOrder() throws {
        let log = [
            Self.status("2026-03-01T08:10:00Z", "CP-1", "Faulted", "InternalError"),
            Self.status("2026-03-01T08:00:00Z", "CP-1", "Faulted", "InternalError"),
        ].joined(separator: "\n")
        let (summary, diagnoses) = try analyze([("a.jsonl", log)], options: { var o = AnalysisOptions(); o.reorderWindow = .minutes(15); return o }())
        #expect(diagnoses.map(\.trigger.source.line) == [1])
        #expect(summary.lateEvents == 0)
    }

    @Test func linesLaterThanTheWindowAreCountedLateAndStillUsed() throws {
        let log = [
            Self.status("2026-03-01T08:00:00Z", "CP-1", "Faulted", "InternalError"),
            Self.status("2026-03-01T09:00:00Z", "CP-1", "Available"),
            Self.status("2026-03-01T09:10:00Z", "CP-1", "Available"),
            Self.status("2026-03-01T08:30:00Z", "CP-1", "Faulted", "InternalError"),
        ].joined(separator: "\n")
        let (summary, diagnoses) = try analyze([("a.jsonl", log)])
        #expect(summary.lateEvents == 1)
        #expect(summary.linesUsed == 4)
        // The late fault still sees the earlier one in its history.
        #expect(diagnoses.map(\.trigger.source.line) == [4])
    }

    @Test func lateEventsDoNotReadAPreviousStatusFromTheirFuture() throws {
        let pack = try loadPack("""
            rules:
              - id: from-charging
                when: { status: Faulted }
                history:
                  - previous: { status: Charging }
                then: { cause: c, action: monitor }
            """)
        let log = [
            Self.status("2026-03-01T08:00:00Z", "CP-1", "Available"),
            Self.status("2026-03-01T08:20:00Z", "CP-1", "Charging"),
            Self.status("2026-03-01T08:30:00Z", "CP-1", "Charging"),
            Self.status("2026-03-01T08:10:00Z", "CP-1", "Faulted", "InternalError"),
        ].joined(separator: "\n")
        var diagnoses: [Diagnosis] = []
        let summary = try Analysis.run(inputs: [LogInput(path: try temporaryFile("late.jsonl", log))], pack: pack) { diagnoses.append($0) }
        #expect(summary.lateEvents == 1)
        #expect(diagnoses.isEmpty)
    }

    @Test func splittingALogIntoFilesGivesTheSameDiagnoses() throws {
        var lines: [String] = []
        for i in 0..<40 {
            let minute = String(format: "%02d", i)
            let status = i % 3 == 0 ? "Faulted" : "Available"
            lines.append(Self.status("2026-03-01T08:\(minute):00Z", "CP-\(i % 4)", status, status == "Faulted" ? "GroundFailure" : "NoError"))
        }
        func records(_ ds: [Diagnosis]) -> [String] {
            ds.map { "\($0.chargePointId) \($0.timestamp) \($0.ruleId) \($0.trigger.timestamp)" }
        }
        let (wholeSummary, whole) = try analyze([("all.jsonl", lines.joined(separator: "\n"))])
        let byCP = Dictionary(grouping: lines) { $0.components(separatedBy: "\"chargePointId\":\"")[1].prefix(4) }
        let (splitSummary, split) = try analyze(byCP.keys.sorted().map { ("\($0).jsonl", byCP[$0]!.joined(separator: "\n")) })
        let (halvesSummary, halves) = try analyze([("b.jsonl", lines[20...].joined(separator: "\n")), ("a.jsonl", lines[..<20].joined(separator: "\n"))])
        #expect(!whole.isEmpty)
        #expect(records(split) == records(whole))
        #expect(records(halves) == records(whole))
        #expect(wholeSummary.events == splitSummary.events && splitSummary.events == halvesSummary.events)
    }

    @Test func everyLineIsAccountedFor() throws {
        let log = [
            Self.status("2026-03-01T08:00:00Z", "CP-1", "Available"),
            "",
            "{not json",
            "[2,\"1\"]",
            "{\"timestamp\":\"yesterday\",\"chargePointId\":\"CP-1\",\"message\":[2,\"1\",\"Heartbeat\",{}]}",
            "{\"hello\":1}",
            "{\"timestamp\":\"2026-03-01T08:00:05Z\",\"connectorId\":1,\"status\":\"Faulted\",\"errorCode\":\"Error\"}",
            "[2,\"9\",\"Heartbeat\",{}]",
        ].joined(separator: "\n")
        let (summary, _) = try analyze([("x.jsonl", log)])
        #expect(summary.linesRead == 8)
        #expect(summary.linesUsed == 3)  // the flat record and the bare frame take their charge point from the file name
        #expect(summary.linesSkipped == [.blank: 1, .invalidJSON: 1, .badFrame: 1, .badTimestamp: 1, .notAnEvent: 1])
        #expect(summary.balances)
        #expect(summary.samples.map(\.source.line) == [3, 4, 5, 6])
    }

    @Test func nonStandardValuesAreKept() throws {
        let log = "{\"timestamp\":\"2026-03-01T08:00:00+02:00\",\"chargePointId\":\"CP-1\",\"connectorId\":1,\"status\":\"Faulted\",\"errorCode\":\"Error\",\"vendorErrorCode\":\"F001,F003\"}"
        var seen: [Event] = []
        _ = try Analysis.readEvents(inputs: [LogInput(path: try temporaryFile("f.jsonl", log))]) { e, _ in seen.append(e) }
        #expect(seen.first?.errorCode == "Error")
        #expect(seen.first?.vendorErrorCode == "F001,F003")
        #expect(seen.first?.timestamp.iso8601 == "2026-03-01T06:00:00.000Z")
    }

    @Test(arguments: [false, true])
    func eventsTheCallerKeepsStayAsTheyWere(elidingPayloads: Bool) throws {
        // Events nobody keeps give their storage to later ones; those a caller keeps (here every
        // third, over more events than the reader keeps spare) must never be filled again. Both
        // ways of reading a line: the general one and the one for payloads that are elided.
        var options = AnalysisOptions()
        if elidingPayloads { options.payloadsNeeded = []; options.answerKeysNeeded = [] }
        let lines = (0..<12_000).map { i in
            Self.line("2026-03-01T08:\(String(format: "%02d:%02d", i / 600 % 60, i / 10 % 60)).\(String(format: "%03d", i % 10))Z", "CP-\(i % 7)", "in",
                      i % 2 == 0 ? "[2,\"m\(i)\",\"MeterValues\",{\"connectorId\":\(i % 3)}]" : "[3,\"r\(i)\",{}]")
        }
        var kept: [Event] = []
        var count = 0
        _ = try Analysis.readEvents(inputs: [LogInput(path: try temporaryFile("k.jsonl", lines.joined(separator: "\n")))], options: options) { e, _ in
            if count % 3 == 0 { kept.append(e) }
            count += 1
        }
        #expect(count == lines.count && kept.count == 4_000)
        for e in kept {
            let i = e.source.line - 1
            #expect(e.chargePointId == "CP-\(i % 7)" && e.uniqueId == (i % 2 == 0 ? "m\(i)" : "r\(i)"), "line \(e.source.line)")
            #expect(e.messageType == (i % 2 == 0 ? .call : .result) && (i % 2 == 1 || e.connectorId == i % 3))
        }
    }

    @Test func payloadFieldsAreLiftedAsByALookupPerKey() {
        // The fields lifted from a CALL payload against a plain lookup per key (the decoder
        // tells a StatusNotification by its length first), on random members: repeated keys
        // (the first counts), wrong types, other keys, both kinds of CALL.
        func reference(_ event: inout Event) {
            let p = event.payload
            guard case .object = p else { return }
            if let c = p["connectorId"]?.intValue { event.connectorId = c }
            else if let evse = p["evseId"]?.intValue { event.connectorId = evse }
            if let ts = p["timestamp"]?.stringValue { event.reportedAt = Timestamp.parse(ts) }
            if event.type == "StatusNotification" {
                event.setStatusDetails(status: p["status"]?.stringValue ?? p["connectorStatus"]?.stringValue,
                                       errorCode: p["errorCode"]?.stringValue, vendorId: p["vendorId"]?.stringValue,
                                       vendorErrorCode: p["vendorErrorCode"]?.stringValue, info: p["info"]?.stringValue)
            }
        }
        func describe(_ e: Event) -> String {
            "\(e.connectorId.map(String.init) ?? "-") \(e.reportedAt?.iso8601 ?? "-") \(e.status ?? "-") \(e.errorCode ?? "-") "
                + "\(e.vendorId ?? "-") \(e.vendorErrorCode ?? "-") \(e.info ?? "-")"
        }
        var rng = SystemRandomNumberGenerator()
        let keys = ["connectorId", "evseId", "timestamp", "status", "connectorStatus", "errorCode", "vendorId",
                    "vendorErrorCode", "info", "meterValue", "ConnectorId", "idTag"]
        let values: [JSONValue] = [.number(1), .number(2.5), .string("3"), .string("Faulted"), .string("2026-03-01T08:00:00Z"),
                                   .null, .bool(true), .object([("a", .number(1))]), .array([])]
        for round in 0..<500 {
            let members = (0..<Int.random(in: 0...8, using: &rng)).map { _ in (keys.randomElement(using: &rng)!, values.randomElement(using: &rng)!) }
            let type = round % 2 == 0 ? "StatusNotification" : "MeterValues"
            var a = Event(timestamp: .unknown, chargePointId: "CP", type: type, payload: .object(members), source: SourceRef(file: "f", line: 1))
            var b = a
            FrameDecoder.fillFromPayload(&a)
            reference(&b)
            #expect(describe(a) == describe(b), "\(members)")
        }
    }

    @Test func strictStopsAtTheFirstDamagedLine() throws {
        let log = Self.status("2026-03-01T08:00:00Z", "CP-1", "Available") + "\n{oops\n"
        var options = AnalysisOptions()
        options.strict = true
        #expect(throws: InputError.self) { try analyze([("s.jsonl", log)], options: options) }
    }

    @Test func oversizedLinesAreSkippedWithoutBeingHeld() throws {
        let big = "{\"pad\":\"" + String(repeating: "x", count: 1_100_000) + "\"}"
        let log = [big, Self.status("2026-03-01T08:00:00Z", "CP-1", "Available")].joined(separator: "\n") + "\n"
        let (summary, _) = try analyze([("o.jsonl", log)])
        #expect(summary.linesSkipped == [.oversized: 1])
        #expect(summary.linesUsed == 1)
    }

    @Test func missingFilesAndDirectoriesCannotBeOpened() throws {
        let pack = try loadPack(Self.rules)
        #expect(throws: InputError.self) { try Analysis.run(inputs: [LogInput(path: "/nonexistent/x.jsonl")], pack: pack) { _ in } }
        #expect(throws: InputError.self) { try Analysis.run(inputs: [LogInput(path: FileManager.default.temporaryDirectory.path)], pack: pack) { _ in } }
    }
}

@Suite struct JSONParserTests {
    /// Differential check against Foundation's parser on representative and awkward inputs.
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":"x\"y\\z\/\u00e9\ud83d\ude00","d":-12.5e3,"e":{}}"#,
        #"[2,"19223201","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]"#,
        #"  [ 0 , -0.5 , 1E2 , "tab\t" ]  "#,
        #"{"nested":[[[[{"k":[1,2,{"x":"ü"}]}]]]]}"#,
    ])
    func agreesWithFoundation(_ text: String) throws {
        let ours = try JSONParser.parse(text)
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(Self.same(ours, theirs))
    }

    @Test func rejectsTrailingCommas() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse("[1,]") }
    }

    @Test(arguments: [#"{"a":}"#, #"{"a" 1}"#, #""unterminated"#, #"[01]"#, #"{"a":1}x"#, #"[1.]"#, #"{"\ud800":1}"#, "[\"\u{01}\"]"])
    func rejectsWhatFoundationRejects(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) == nil)
    }

    @Test func rejectsInvalidUTF8InStrings() {
        let bytes: [UInt8] = Array("[\"a".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
        let result = bytes.withUnsafeBufferPointer { p in Result { try JSONParser.parse(p) } }
        guard case .failure(let f) = result else { Issue.record("accepted invalid UTF-8"); return }
        #expect((f as? JSONParser.Failure)?.message.contains("UTF-8") == true)
    }

    static func same(_ a: JSONValue, _ b: Any) -> Bool {
        switch a {
        case .null: return b is NSNull
        case .bool(let v): return (b as? Bool) == v
        case .number(let v): return (b as? NSNumber)?.doubleValue == v
        case .string(let v): return b as? String == v
        case .array(let items):
            guard let other = b as? [Any], other.count == items.count else { return false }
            return zip(items, other).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let other = b as? [String: Any], other.count == members.count else { return false }
            return members.allSatisfy { k, v in other[k].map { same(v, $0) } ?? false }
        }
    }
}

@Suite struct TimeTests {
    @Test(arguments: [
        ("2026-03-01T08:00:00Z", "2026-03-01T08:00:00.000Z"),
        ("2026-03-01T08:00:00.5+05:30", "2026-03-01T02:30:00.500Z"),
        ("2026-03-01 08:00:00,552", "2026-03-01T08:00:00.552Z"),
        ("2024-02-29T23:59:59.999-0100", "2024-03-01T00:59:59.999Z"),
        ("1970-01-01T00:00:00.740Z", "1970-01-01T00:00:00.740Z"),
    ])
    func parsesAndPrintsUTC(_ input: String, _ expected: String) {
        #expect(Timestamp.parse(input)?.iso8601 == expected)
    }

    @Test(arguments: ["2026-13-01T00:00:00Z", "yesterday", "2026-03-01T08:00:00Q", ""])
    func rejectsNonsense(_ input: String) {
        #expect(Timestamp.parse(input) == nil)
    }

    @Test func commandLineTimesWithoutAnOffsetAreReadInTheLogsTimeZone() {
        var options = AnalysisOptions()
        options.timeZone = TimeZone(identifier: "Europe/Berlin")!
        #expect(options.time("2026-03-01T09:00:00")?.iso8601 == "2026-03-01T08:00:00.000Z")
        #expect(options.time("2026-03-01T09:00:00Z")?.iso8601 == "2026-03-01T09:00:00.000Z")
        #expect(options.time("soon") == nil)
    }

    @Test func durationsParseSumsAndPrintShortest() {
        #expect(TimeSpan.parse("1h30m") == .minutes(90))
        #expect(TimeSpan.parse("1d")?.description == "1d")
        #expect(TimeSpan.parse("90m")?.description == "1h30m")
        #expect(TimeSpan.parse("15") == nil)
        #expect(TimeSpan.parse("m") == nil)
    }
}
