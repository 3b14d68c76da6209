import Foundation
import Testing

@testable import OCPPDiagnostics

/// Test fixtures on disk (Tests/OCPPDiagnosticsTests/Fixtures).
enum Fixtures {
    static let root = packageRoot.appendingPathComponent("Tests/OCPPDiagnosticsTests/Fixtures")
    static func shape(_ name: String) -> String { root.appendingPathComponent("shapes/\(name)").path }
    static func bad(_ name: String) -> String { root.appendingPathComponent("bad/\(name)").path }

    static let builtinPack: RulePack = {
        // The repository's Rules/ (what the binary bundles): under `swift test` on Apple
        // platforms the test runner lives in the toolchain, not beside the resources.
        RuleLoader.load(paths: [packageRoot.appendingPathComponent("Rules").path]).pack!
    }()

    /// gzip-compresses `data` with Python's gzip module, as a user's log rotation would.
    static func gzip(_ data: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import gzip, sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read()))"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(data)
        try input.fileHandleForWriting.close()
        let result = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return result
    }

    static func temporary(_ name: String, _ data: Data) throws -> String {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A diagnosis reduced to what must not depend on the input shape.
struct Found: Equatable, CustomStringConvertible {
    var ruleId: String
    var chargePointId: String
    var connectorId: Int?
    var time: String
    var triggerTime: String

    init(_ d: Diagnosis) {
        ruleId = d.ruleId
        chargePointId = d.chargePointId
        connectorId = d.connectorId
        time = d.timestamp.iso8601
        triggerTime = d.trigger.timestamp.iso8601
    }

    var description: String { "\(ruleId) \(chargePointId)/\(connectorId.map(String.init) ?? "-") @\(time)" }
}

func analyze(_ paths: [String], _ configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> (AnalysisSummary, [Diagnosis]) {
    var options = AnalysisOptions()
    configure(&options)
    var diagnoses: [Diagnosis] = []
    let summary = try Analysis.run(inputs: paths.map(LogInput.init(path:)), pack: Fixtures.builtinPack, options: options) { diagnoses.append($0) }
    return (summary, diagnoses)
}

func events(_ path: String, _ configure: (inout AnalysisOptions) -> Void = { _ in }) throws -> (AnalysisSummary, [Event]) {
    var options = AnalysisOptions()
    configure(&options)
    var seen: [Event] = []
    let summary = try Analysis.readEvents(inputs: [LogInput(path: path)], options: options) { e, _ in seen.append(e) }
    return (summary, seen)
}

@Suite struct ShapeTests {
    /// Each fixture, the shape detection must pick for it, and the options it is read with.
    static let shapes: [(file: String, format: String, timeZone: String)] = [
        ("wrapped.jsonl", "jsonl", "UTC"),
        ("CP001.frames.jsonl", "jsonl", "UTC"),
        ("timestamped.log", "timestamped", "UTC"),
        ("CP001.array.json", "json-array", "UTC"),
        ("flat.jsonl", "jsonl", "UTC"),
        ("flat.csv", "csv", "UTC"),
        ("steve.log", "steve", "Europe/Berlin"),
        ("python-ha.log", "python-ocpp", "UTC"),
        ("CP001.python-basic.log", "python-ocpp", "UTC"),
        ("CP001.everest.log", "everest", "UTC"),
    ]

    @Test func theSameEventsInEveryShapeGiveTheSameDiagnoses() throws {
        let (_, reference) = try analyze([Fixtures.shape("wrapped.jsonl")])
        let expected = reference.map(Found.init)
        #expect(expected.map(\.ruleId) == ["ground-failure-first", "ground-failure-repeated", "ground-failure-recurring",
                                           "power-switch-after-reset", "preparing-stuck"])
        for shape in Self.shapes {
            let (summary, diagnoses) = try analyze([Fixtures.shape(shape.file)]) { $0.timeZone = TimeZone(identifier: shape.timeZone)! }
            #expect(diagnoses.map(Found.init) == expected, "\(shape.file)")
            #expect(summary.balances, "\(shape.file)")
            #expect(summary.events == 26, "\(shape.file)")
            #expect(summary.uncorrelatedAnswers == 0, "\(shape.file)")
            #expect(summary.linesSkipped.keys.allSatisfy { $0.isBenign }, "\(shape.file): \(summary.samples)")
        }
    }

    @Test(arguments: shapes)
    func detection(_ shape: (file: String, format: String, timeZone: String)) throws {
        let head = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.shape(shape.file))).prefix(InputFormats.bytesLooked))
        #expect(InputFormats.detect(head)?.name == shape.format)
    }

    @Test func timelessShapesCountTheirEventsAsUntimed() throws {
        for (file, untimed) in [("CP001.frames.jsonl", 26), ("CP001.array.json", 26), ("CP001.python-basic.log", 26), ("wrapped.jsonl", 0), ("steve.log", 0)] {
            let (summary, _) = try analyze([Fixtures.shape(file)]) { $0.timeZone = TimeZone(identifier: "Europe/Berlin")! }
            #expect(summary.untimedEvents == untimed, "\(file)")
        }
    }

    @Test func multiLineRecordsAreOneEventAndAllTheirLinesAreUsed() throws {
        let (summary, seen) = try events(Fixtures.shape("CP001.everest.log"))
        #expect(summary.events == 26)
        // 27 records: 26 messages of 8 to 13 lines with their closing blank line, and the SYS record.
        #expect(summary.linesSkipped == [.noFrame: 2, .blank: 1])
        #expect(summary.linesUsed == summary.linesRead - 3)
        #expect(seen.first?.source.line == 4)
        #expect(seen.first?.direction == .in && seen.dropFirst().first?.direction == .out)
        #expect(seen.allSatisfy { $0.chargePointId == "CP001" })
    }

    @Test func everyShapeReadsTheSameEventFields() throws {
        let (_, reference) = try events(Fixtures.shape("wrapped.jsonl"))
        // Flat records carry no unique id, so their answers do not take the connector of their call.
        func key(_ e: Event) -> String {
            "\(e.chargePointId) \(e.messageType == .call ? e.connectorId.map(String.init) ?? "-" : "") \(e.type) \(e.messageType) \(e.direction) \(e.status ?? "") \(e.errorCode ?? "") \(e.vendorErrorCode ?? "")"
        }
        for shape in Self.shapes {
            let (_, seen) = try events(Fixtures.shape(shape.file)) { $0.timeZone = TimeZone(identifier: shape.timeZone)! }
            #expect(seen.map(key) == reference.map(key), "\(shape.file)")
            if !["CP001.frames.jsonl", "CP001.array.json", "CP001.python-basic.log"].contains(shape.file) {
                #expect(seen.map(\.timestamp) == reference.map(\.timestamp), "\(shape.file)")
            }
        }
    }

    @Test func filesOfSeveralShapesInOneRun() throws {
        // The same charger's traffic once as SteVe logged it and once as EVerest did: every event twice.
        let (summary, diagnoses) = try analyze([Fixtures.shape("steve.log"), Fixtures.shape("CP001.everest.log"), Fixtures.shape("flat.csv")]) {
            $0.timeZone = TimeZone(identifier: "Europe/Berlin")!
        }
        #expect(summary.events == 78)
        #expect(summary.balances)
        #expect(summary.chargePoints == 1)
        #expect(Set(diagnoses.map(\.ruleId)).isSuperset(of: ["ground-failure-first", "power-switch-after-reset"]))
    }

    @Test func forcedInputFormatReadsEveryFileAsThatShape() throws {
        let (summary, _) = try events(Fixtures.shape("timestamped.log")) { $0.inputFormat = "jsonl" }
        #expect(summary.linesUsed == 0)
        #expect(summary.linesSkipped[.invalidJSON] == summary.linesRead)
        #expect(throws: InputError.self) { try events(Fixtures.shape("timestamped.log")) { $0.inputFormat = "yaml" } }
        let (frames, _) = try events(Fixtures.shape("CP001.frames.jsonl")) { $0.inputFormat = "frames" }
        #expect(frames.linesUsed == 26)
    }

    @Test func anUndetectableFileIsOneErrorNamingTheFileAndTheShapesTried() throws {
        let path = try temporaryFile("notes.txt", "Dear diary,\ntoday the charger was broken.\n")
        do {
            _ = try events(path)
            Issue.record("read an undetectable file")
        } catch let error as InputError {
            let message = error.description
            #expect(message.hasPrefix("\(path):1: cannot tell the log format (tried everest, steve, python-ocpp"))
            #expect(InputFormats.names.allSatisfy { message.contains($0) })
        }
    }
}

@Suite struct TimeTestsForInput {
    @Test func naiveTimesAreReadInTheTimeZoneWithTheOffsetInForceThen() throws {
        let reader = TimeZoneReader(zone: TimeZone(identifier: "Europe/Berlin")!)
        func utc(_ local: String) -> String {
            var copy = local
            let (ms, _) = copy.withUTF8 { Timestamp.parseParts(bytes: $0)! }
            return Timestamp(millisecondsSinceEpoch: reader.utc(fromLocal: ms)).iso8601
        }
        #expect(utc("2026-03-29 01:59:59,500") == "2026-03-29T00:59:59.500Z")  // still winter time, +01:00
        #expect(utc("2026-03-29 03:00:00") == "2026-03-29T01:00:00.000Z")      // summer time, +02:00
        #expect(utc("2026-03-29 02:30:00") == "2026-03-29T01:30:00.000Z")      // the skipped hour: read as +01:00
        #expect(utc("2026-10-25 02:30:00") == "2026-10-25T00:30:00.000Z")      // the repeated hour: the first one
        #expect(utc("2026-10-25 03:30:00") == "2026-10-25T02:30:00.000Z")      // winter time again
        #expect(utc("2026-07-01 12:00:00") == "2026-07-01T10:00:00.000Z")
    }

    @Test func aSteVeLogAcrossTheSpringChangeStaysInOrder() throws {
        let lines = ["01:59:00,000", "03:00:30,000", "03:01:00,000"].enumerated().map { i, clock in
            "[INFO ] 2026-03-29 \(clock) de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId=CP9, sessionId=1] Received: [2,\"\(i)\",\"Heartbeat\",{}]"
        }
        let path = try temporaryFile("dst.log", lines.joined(separator: "\n") + "\n")
        let (summary, seen) = try events(path) { $0.timeZone = TimeZone(identifier: "Europe/Berlin")! }
        #expect(seen.map(\.timestamp.iso8601) == ["2026-03-29T00:59:00.000Z", "2026-03-29T01:00:30.000Z", "2026-03-29T01:01:00.000Z"])
        #expect(summary.lateEvents == 0)
        let (_, utc) = try events(path)
        #expect(utc.first?.timestamp.iso8601 == "2026-03-29T01:59:00.000Z")
    }

    @Test func timestampedLinesTakeAnyOffsetAndUnixTimes() throws {
        let frame = #"[2,"1","Heartbeat",{}]"#
        let log = [
            "2026-03-01T08:00:00+05:30 \(frame)", "1772352000 \(frame)", "1772352000123 CP-2 \(frame)",
            "1772352000.5 CP-3 out \(frame)", "2026-03-01 08:00:00 CP-4 in \(frame)",
        ].joined(separator: "\n")
        let (summary, seen) = try events(try temporaryFile("CP-1.log", log)) { $0.timeZone = TimeZone(identifier: "America/New_York")! }
        #expect(summary.balances && summary.linesUsed == 5)
        #expect(seen.map(\.timestamp.iso8601).sorted() == ["2026-03-01T02:30:00.000Z", "2026-03-01T08:00:00.000Z", "2026-03-01T08:00:00.123Z",
                                                           "2026-03-01T08:00:00.500Z", "2026-03-01T13:00:00.000Z"])
        #expect(Set(seen.map(\.chargePointId)) == ["CP-1", "CP-2", "CP-3", "CP-4"])
        #expect(seen.first { $0.chargePointId == "CP-3" }?.direction == .out)
    }

    @Test func payloadClocksFarFromTheLogTimeAreCountedAsSkewAndNeverOrderEvents() throws {
        func sn(_ logTime: String, _ payloadTime: String, _ id: Int) -> String {
            #"{"timestamp":"\#(logTime)","chargePointId":"CP-1","direction":"in","message":[2,"\#(id)","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"\#(payloadTime)"}]}"#
        }
        let log = [
            sn("2026-03-01T08:00:00Z", "2026-03-01T07:59:58Z", 1),  // fine
            sn("2026-03-01T08:01:00Z", "1970-01-01T00:00:07Z", 2),  // clock reset after a reboot
            sn("2026-03-01T08:02:00Z", "2026-03-01T11:02:00Z", 3),  // three hours ahead
            sn("2026-03-01T08:03:00Z", "2026-03-01T07:30:00Z", 4),  // half an hour behind: within tolerance
        ].joined(separator: "\n")
        let (summary, seen) = try events(try temporaryFile("skew.jsonl", log))
        #expect(summary.clockSkew == 2)
        #expect(seen.map(\.timestamp.iso8601) == ["2026-03-01T08:00:00.000Z", "2026-03-01T08:01:00.000Z", "2026-03-01T08:02:00.000Z", "2026-03-01T08:03:00.000Z"])
        #expect(seen[1].reportedAt?.iso8601 == "1970-01-01T00:00:07.000Z")
        #expect(summary.jsonObject.contains(#""clockSkew":2"#))
        #expect(SummaryText.render(summary).contains("2 with the charger's clock off (clock skew)"))
    }

    @Test func anImplausiblePayloadTimeDoesNotTimeAnUntimedEvent() throws {
        let log = [
            #"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"2026-03-01T08:00:00Z"}]"#,
            #"[2,"2","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Preparing","timestamp":"1970-01-01T00:00:00Z"}]"#,
            #"[2,"3","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Charging","timestamp":"2026-03-01T08:05:00Z"}]"#,
        ].joined(separator: "\n")
        let (summary, seen) = try events(try temporaryFile("CP-1.jsonl", log))
        #expect(seen.map(\.timestamp.iso8601) == ["2026-03-01T08:00:00.000Z", "2026-03-01T08:00:00.000Z", "2026-03-01T08:05:00.000Z"])
        #expect(summary.untimedEvents == 3 && summary.clockSkew == 1)
        // First in the file, a 1970 payload time waits for the next real time instead.
        let (first, early) = try events(try temporaryFile("CP-1.jsonl", log.components(separatedBy: "\n").dropFirst().joined(separator: "\n")))
        #expect(early.map(\.timestamp.iso8601) == ["2026-03-01T08:05:00.000Z", "2026-03-01T08:05:00.000Z"])
        #expect(first.clockSkew == 1)
    }

    @Test func untimedEventsBeforeTheFirstTimeTakeIt() throws {
        let log = [#"[2,"b","BootNotification",{"chargePointVendor":"A","chargePointModel":"B"}]"#, #"[3,"b",{"status":"Accepted"}]"#,
                   #"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"2026-03-01T08:00:00Z"}]"#]
        let (summary, seen) = try events(try temporaryFile("CP-1.jsonl", log.joined(separator: "\n")))
        #expect(seen.map(\.type) == ["BootNotification", "BootNotification", "StatusNotification"])
        #expect(seen.allSatisfy { $0.timestamp.iso8601 == "2026-03-01T08:00:00.000Z" })
        #expect(summary.linesUsed == 3)
        // With no time anywhere in the input there is none to give: counted, not dropped silently.
        let (none, _) = try events(try temporaryFile("CP-1.jsonl", log[0]))
        #expect(none.linesSkipped == [.badTimestamp: 1] && none.balances && none.events == 0)
    }

    @Test func onlyABoundedNumberOfEventsWaitForATime() throws {
        let heartbeats = Array(repeating: #"[2,"h","Heartbeat",{}]"#, count: OpenInput.maxWaiting + 5)
        let timed = #"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available","timestamp":"2026-03-01T08:00:00Z"}]"#
        let (summary, seen) = try events(try temporaryFile("CP-1.jsonl", (heartbeats + [timed]).joined(separator: "\n")))
        #expect(seen.count == OpenInput.maxWaiting + 1)
        #expect(summary.linesSkipped == [.badTimestamp: 5] && summary.balances)
    }
}

@Suite struct PythonOCPPTests {
    static let log = """
        2021-03-17 20:24:45 INFO (MainThread) [ocpp] CP_1: receive message [2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]
        2021-03-17 20:24:45,123 INFO (MainThread) [ocpp] CP_1: send [3,"1",{}]
        2021-03-17 20:24:46 WARNING (MainThread) [ocpp] CP_1: Received a CALLError: 'NotImplemented'
        2021-03-17 20:24:47,500 - ocpp - INFO - CP_1: send [2,"2","Reset",{"type":"Soft"}]
        2021-03-17 20:24:48 INFO (MainThread) [ocpp] CP_1: receive message [
          3,
          "2",
          {
            "status": "Accepted"
          }
        ]
        2021-03-17 20:24:49.054 INFO (MainThread) [ocpp] CP_1: send
        [2,"3","TriggerMessage",{"requestedMessage":"StatusNotification"}]
        """

    @Test func receiveIsInAndSendIsOutForACentralSystemsLog() throws {
        let (summary, seen) = try events(try temporaryFile("ha.log", Self.log))
        #expect(seen.map { "\($0.type) \($0.messageType) \($0.direction)" } == [
            "StatusNotification call in", "StatusNotification result out", "Reset call out", "Reset result in", "TriggerMessage call out"])
        #expect(seen.map(\.timestamp.iso8601) == ["2021-03-17T20:24:45.000Z", "2021-03-17T20:24:45.123Z", "2021-03-17T20:24:47.500Z",
                                                   "2021-03-17T20:24:48.000Z", "2021-03-17T20:24:49.054Z"])
        #expect(summary.linesSkipped == [.noFrame: 1])
        #expect(summary.linesUsed == 12 && summary.balances)
        #expect(seen.map(\.source.line).suffix(2) == [5, 12])
        #expect(seen.allSatisfy { $0.chargePointId == "CP_1" })
    }

    @Test func aChargePointsOwnLogReadsTheOtherWay() throws {
        let (_, seen) = try events(try temporaryFile("ha.log", Self.log)) { $0.perspective = .chargePoint }
        #expect(seen.map(\.direction) == [.out, .in, .in, .out, .in])
        #expect(seen.map(\.type) == ["StatusNotification", "StatusNotification", "Reset", "Reset", "TriggerMessage"])
    }
}

@Suite(.serialized) struct TransportTests {
    @Test func gzipInputIsDetectedByItsBytesAndGivesTheSameDiagnoses() throws {
        let plain = try Data(contentsOf: URL(fileURLWithPath: Fixtures.shape("steve.log")))
        let gz = try Fixtures.temporary("CP001.log", try Fixtures.gzip(plain))  // no .gz in the name
        let (zipped, a) = try analyze([gz]) { $0.timeZone = TimeZone(identifier: "Europe/Berlin")! }
        let (unzipped, b) = try analyze([Fixtures.shape("steve.log")]) { $0.timeZone = TimeZone(identifier: "Europe/Berlin")! }
        #expect(a.map(Found.init) == b.map(Found.init))
        #expect(zipped.linesRead == unzipped.linesRead && zipped.linesUsed == unzipped.linesUsed)
    }

    @Test func concatenatedGzipMembersAreReadOneAfterTheOther() throws {
        let lines = try String(contentsOfFile: Fixtures.shape("wrapped.jsonl"), encoding: .utf8).split(separator: "\n")
        let first = try Fixtures.gzip(Data((lines[..<10].joined(separator: "\n") + "\n").utf8))
        let second = try Fixtures.gzip(Data((lines[10...].joined(separator: "\n") + "\n").utf8))
        let path = try Fixtures.temporary("both.jsonl.gz", first + second)
        let (summary, diagnoses) = try analyze([path])
        #expect(summary.linesUsed == 26 && summary.balances)
        #expect(diagnoses.count == 5)
    }

    @Test func aLargeGzipStreamsThroughInPieces() throws {
        // Larger than the reader's and the inflater's buffers, so both refill many times.
        var text = ""
        for i in 0..<40_000 {
            let t = Timestamp(millisecondsSinceEpoch: 1_772_352_000_000 + Int64(i) * 1000).iso8601
            text += #"{"timestamp":"\#(t)","chargePointId":"CP-\#(i % 7)","direction":"in","message":[2,"\#(i)","Heartbeat",{}]}"# + "\n"
        }
        let path = try Fixtures.temporary("big.gz", try Fixtures.gzip(Data(text.utf8)))
        let (summary, _) = try events(path)
        #expect(summary.linesRead == 40_000 && summary.linesUsed == 40_000)
    }

    @Test func stdinIsReadPlainAndGzipped() throws {
        let plain = try Data(contentsOf: URL(fileURLWithPath: Fixtures.shape("wrapped.jsonl")))
        let direct = try CLI.run(["analyze", "--format", "jsonl", "Tests/OCPPDiagnosticsTests/Fixtures/shapes/wrapped.jsonl"])
        let piped = try CLI.run(["analyze", "--format", "jsonl", "-"], stdinData: plain)
        let zipped = try CLI.run(["analyze", "--format", "jsonl", "-"], stdinData: try Fixtures.gzip(plain))
        #expect(direct.status == 0 && piped.status == 0 && zipped.status == 0)
        func rules(_ r: CLI.Result) -> [String] {
            r.stdout.split(separator: "\n").map { String($0.split(separator: ",").first { $0.hasPrefix("\"ruleId\"") } ?? "") }
        }
        #expect(rules(direct).count == 5)
        #expect(rules(piped) == rules(direct) && rules(zipped) == rules(direct))
        #expect(zipped.stdout.contains(#""source":{"file":"-","line":7}"#))
    }

    @Test func cliOptionsForInput() throws {
        let steve = "Tests/OCPPDiagnosticsTests/Fixtures/shapes/steve.log"
        let berlin = try CLI.run(["analyze", "--format", "json", "--timezone", "Europe/Berlin", steve])
        #expect(berlin.stdout.contains(#""from":"2026-03-01T08:00:00.000Z""#))
        let utc = try CLI.run(["analyze", "--format", "json", steve])
        #expect(utc.stdout.contains(#""from":"2026-03-01T09:00:00.000Z""#))
        #expect(try CLI.run(["analyze", "--timezone", "Mars/Olympus", steve]).status == 2)
        #expect(try CLI.run(["analyze", "--input-format", "yaml", steve]).status == 2)
        let forced = try CLI.run(["analyze", "--format", "json", "--input-format", "jsonl", steve])
        #expect(forced.status == 0 && forced.stdout.contains(#""linesUsed":0"#))
        let notes = try temporaryFile("notes.txt", "hello\n")
        let undetectable = try CLI.run(["analyze", notes])
        #expect(undetectable.status == 65)
        #expect(undetectable.stderr.contains("notes.txt:1: cannot tell the log format (tried everest, steve, python-ocpp, timestamped, json-array, jsonl, csv)"))
        let history = try CLI.run(["diagnose", "--status", "Faulted", "--error-code", "GroundFailure", "--history", steve,
                                   "--timezone", "Europe/Berlin", "--charge-point", "CP001", "--at", "2026-03-01T10:00:00Z", "--json"])
        #expect(history.status == 0)
        #expect(history.stdout.contains("ground-failure-recurring"))
    }

    @Test func unusableInputsExitWithTheirCodes() throws {
        let directory = FileManager.default.temporaryDirectory.path
        let dir = try CLI.run(["analyze", directory])
        #expect(dir.status == 66 && dir.stderr.contains("is a directory"))
        #expect(try CLI.run(["analyze", "Tests/OCPPDiagnosticsTests/Fixtures/shapes/wrapped.jsonl", "missing.log"]).status == 66)
        let strict = try CLI.run(["analyze", "--strict", "Tests/OCPPDiagnosticsTests/Fixtures/bad/truncated.jsonl.gz"])
        #expect(strict.status == 65 && strict.stderr.contains("truncated-gzip"))
        let lenient = try CLI.run(["analyze", "Tests/OCPPDiagnosticsTests/Fixtures/bad/truncated.jsonl.gz"])
        #expect(lenient.status == 0 && lenient.stderr.contains("truncated.jsonl.gz:"))
    }
}

extension CLI {
    /// Runs the binary with raw bytes on standard input (a gzip stream, say).
    static func run(_ arguments: [String], stdinData: Data) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let writer = Thread { input.fileHandleForWriting.write(stdinData); try? input.fileHandleForWriting.close() }
        writer.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
