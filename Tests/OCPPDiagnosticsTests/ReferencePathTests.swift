import Foundation
import Testing

@testable import OCPPDiagnostics

/// No correctness traded for speed: the fast path (payloads no rule reads are validated but
/// not built; charge points sharded over threads, other shards' lines skipped by a cheap
/// scan; events tested only against the rules routed to them) must give exactly what the
/// straightforward path gives — records and accounting.
@Suite struct ReferencePathTests {
    static func generatedLog() throws -> String {
        let process = Process()
        process.executableURL = CLI.tool("fleet-gen")
        process.arguments = ["--lines", "40000", "--charge-points", "300", "--seed", "7"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Damage some lines, as real logs are damaged: every reason must be counted the same way.
        for (i, bad) in [(101, "{\"timestamp\":\"2026-03-01T00:10:00Z\",\"chargePointId\":\"CP-00001\",\"message\":[2,\"x\",\"Heartbeat\""),
                         (5003, "not json at all"), (20011, "[3,\"1\"]"), (30001, ""),
                         (30002, "{\"timestamp\":\"2026-03-01T01:00:00Z\",\"chargePointId\":\"CP-00002\",\"message\":[2,\"9\",\"MeterValues\",{\"connectorId\":1,\"x\":\"\\ud800\"}]}")] {
            lines.insert(bad, at: i)
        }
        return try temporaryFile("generated.jsonl", lines.joined(separator: "\n"))
    }

    @Test func fastPathGivesExactlyWhatTheReferencePathGives() throws {
        let path = try Self.generatedLog()
        let pack = try #require(RuleLoader.load(paths: [packageRoot.appendingPathComponent("Rules").path]).pack)
        func run(_ configure: (inout AnalysisOptions) -> Void) throws -> (AnalysisSummary, [String]) {
            var options = AnalysisOptions()
            configure(&options)
            var records: [String] = []
            let summary = try Analysis.run(inputs: [LogInput(path: path)], pack: pack, options: options) { records.append($0.jsonRecord) }
            return (summary, records)
        }
        let (reference, expected) = try run { $0.threads = 1; $0.elidePayloads = false; $0.evaluator.routing = false }
        let (fast, got) = try run { $0.threads = 3 }
        #expect(!expected.isEmpty)
        #expect(got == expected)
        #expect(fast.linesRead == reference.linesRead && fast.linesUsed == reference.linesUsed)
        #expect(fast.linesSkipped == reference.linesSkipped)
        #expect(reference.linesSkipped[.invalidJSON] == 3 && reference.linesSkipped[.badFrame] == 1 && reference.linesSkipped[.blank] == 1)
        #expect(fast.events == reference.events && fast.lateEvents == reference.lateEvents)
        #expect(fast.uncorrelatedAnswers == reference.uncorrelatedAnswers && fast.chargePoints == reference.chargePoints)
        #expect(fast.samples.map(\.description) == reference.samples.map(\.description))
        #expect(fast.balances && reference.balances)
    }

    @Test func theBuiltInPackLeavesMeterValuesPayloadsUnbuilt() throws {
        let pack = try #require(RuleLoader.load(paths: [packageRoot.appendingPathComponent("Rules").path]).pack)
        let needed = try #require(pack.actionsReadingPayloads, "some rule reads every action's CALL payloads")
        #expect(!needed.contains("MeterValues") && !needed.contains("Heartbeat"))
        #expect(needed.contains("StatusNotification"))
    }
}
