import Foundation
import Testing

@testable import OCPPDiagnostics

/// The bad-input corpus (Fixtures/bad, written by make_bad.py): every file is read without a
/// crash, every line is accounted for, and each defect is reported at its line with its reason.
@Suite struct BadInputTests {
    struct Expectation: CustomStringConvertible {
        var file: String
        var line: String
        var outcome: String
        var fragment: String
        var description: String { "\(file):\(line) \(outcome) '\(fragment)'" }
    }

    static let expectations: [Expectation] = {
        let text = (try? String(contentsOfFile: Fixtures.bad("EXPECTED"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { row in
            let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Expectation(file: f[0], line: f[1], outcome: f[2], fragment: f.count > 3 ? f[3] : "")
        }
    }()

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.bad(""))) ?? [])
            .filter { $0 != "EXPECTED" && !$0.hasSuffix(".py") }.sorted()
    }

    @Test func theCorpusHasAtLeast25Defects() {
        let defects = Set(Self.expectations.filter { $0.outcome != "used" }.map(\.file))
        #expect(defects.count >= 25)
        #expect(Set(Self.expectations.map(\.file)).isSubset(of: Set(Self.files)))
    }

    @Test(arguments: files)
    func everyLineIsAccountedForAndEveryDefectReportedWhereItIs(_ file: String) throws {
        var options = AnalysisOptions()
        options.samplesPerReason = 100
        var seen: [Event] = []
        let summary = try Analysis.readEvents(inputs: [LogInput(path: Fixtures.bad(file))], options: options) { e, _ in seen.append(e) }
        #expect(summary.balances, "\(file): \(summary.linesRead) read, \(summary.linesUsed) used, \(summary.linesSkipped)")
        let expected = Self.expectations.filter { $0.file == file }
        func line(_ e: Expectation) -> Int { e.line == "last" ? summary.linesRead : Int(e.line)! }
        for e in expected {
            switch e.outcome {
            case "used":
                if e.fragment.isEmpty {
                    #expect(!summary.samples.contains { $0.source.line == line(e) }, "\(e)")
                } else {
                    #expect(seen.contains { $0.source.line == line(e) && $0.type == e.fragment }, "\(e): events \(seen.map { "\($0.source.line) \($0.type)" })")
                }
            default:
                let reason = try #require(SkipReason(rawValue: e.outcome), "\(e)")
                #expect(summary.linesSkipped[reason, default: 0] >= 1, "\(e)")
                if !reason.isBenign {
                    let sample = summary.samples.first { $0.source.line == line(e) && $0.reason == reason }
                    #expect(sample != nil, "\(e): got \(summary.samples)")
                    if let sample {
                        #expect(sample.description.hasPrefix("\(Fixtures.bad(file)):\(line(e)): \(reason.rawValue): "), "\(sample)")
                        #expect(sample.detail.contains(e.fragment), "\(e): got '\(sample.detail)'")
                    }
                }
            }
        }
        // Nothing damaged beyond what is expected.
        let damaged = Set(expected.filter { SkipReason(rawValue: $0.outcome).map { !$0.isBenign } ?? false }.map { "\(line($0)) \($0.outcome)" })
        #expect(Set(summary.samples.map { "\($0.source.line) \($0.reason.rawValue)" }) == damaged, "\(file)")
    }

    @Test func specialCases() throws {
        let (empty, _) = try events(Fixtures.bad("empty.jsonl"))
        #expect(empty.linesRead == 0 && empty.balances)
        let (_, errors) = try events(Fixtures.bad("callerror-spellings.jsonl"))
        #expect(errors.filter { $0.messageType == .error }.map { $0.payload["errorCode"]?.stringValue } == ["FormationViolation", "FormatViolation"])
        let (orphan, unknown) = try events(Fixtures.bad("result-without-call.jsonl"))
        #expect(orphan.uncorrelatedAnswers == 1 && unknown.first?.type == "Unknown" && orphan.linesUsed == 1)
        let (_, odd) = try events(Fixtures.bad("nonstandard-values.jsonl"))
        #expect(odd.first?.status == "Broken" && odd.first?.errorCode == "Error" && odd.first?.vendorErrorCode == "F001,F003")
        #expect(odd.first?.payload["extra"]?["temp"]?.intValue == 81)
        let (cut, kept) = try events(Fixtures.bad("truncated.jsonl.gz"))
        #expect(kept.count >= 30 && cut.linesUsed == kept.count)
    }

    @Test func anOversizedLineIsSkippedInEveryShape() throws {
        let big = String(repeating: "x", count: LineReader.maxLineBytes + 10)
        for (name, text) in [
            ("a.jsonl", "{\"pad\":\"\(big)\"}"),
            ("steve.log", "[INFO ] 2024-02-23 18:04:57,552 x.WebSocketLogger - [chargeBoxId=CP1, sessionId=1] Received: [2,\"\(big)\",\"Heartbeat\",{}]"),
            ("CP1.everest.log", "2024-01-01T10:00:00.000Z: ChargePoint>CentralSystem Heartbeat \n[\n2,\n\"\(big)\",\n\"Heartbeat\",\n{}\n]\n"),
        ] {
            let path = try temporaryFile(name, text + "\n")
            let (summary, _) = try events(path)
            #expect(summary.linesSkipped[.oversized] != nil, "\(name)")
            #expect(summary.balances && summary.linesUsed == 0, "\(name)")
        }
    }
}

/// Damaged and random input, forced through every shape's reader: no crash, and every line accounted for.
@Suite struct RobustnessTests {
    /// A small deterministic generator (xorshift), so a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let pieces: [String] = [
        "[", "]", "{", "}", "\"", "\\", ",", ":", " ", "\n", "\n\n", "2", "3", "4", "\"id\"", "\"Heartbeat\"",
        "2026-03-01T08:00:00Z", "2026-03-01 08:00:00,123", "1772352000", "[INFO ] ", " - [chargeBoxId=CP1, sessionId=1] ",
        "Received: ", "Sending: ", ": receive message ", ": send ", "INFO:ocpp:", "ChargePoint>CentralSystem ", "SYS> ",
        "timestamp,chargePointId,status\n", "CP-1", "in", "out", "null", "true", "\u{00e9}", "\t", "\r",
    ]

    @Test(arguments: InputFormats.names)
    func randomInputNeverBreaksTheAccounting(_ format: String) throws {
        var random = Random(state: 0x9E37_79B9_7F4A_7C15 &+ UInt64(format.utf8.count))
        for round in 0..<60 {
            var bytes: [UInt8] = []
            for _ in 0..<random.below(200) {
                if random.below(10) == 0 {
                    bytes.append(UInt8(random.below(256)))
                } else {
                    bytes += Array(Self.pieces[random.below(Self.pieces.count)].utf8)
                }
            }
            let path = try Fixtures.temporary("CP-R.\(round).log", Data(bytes))
            let (summary, _) = try events(path) { $0.inputFormat = format }
            #expect(summary.balances, "\(format) round \(round): \(summary.linesRead) read, \(summary.linesUsed) used, \(summary.linesSkipped)")
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count - (bytes.last == 0x0A ? 1 : 0)
            #expect(summary.linesRead == (bytes.isEmpty ? 0 : lines), "\(format) round \(round)")
        }
    }

    @Test func everyShapeReadsTheOthersFixturesWithoutBreakingTheAccounting() throws {
        for shape in ShapeTests.shapes {
            for format in InputFormats.names {
                let (summary, _) = try events(Fixtures.shape(shape.file)) { $0.inputFormat = format }
                #expect(summary.balances, "\(shape.file) as \(format)")
            }
        }
    }
}
