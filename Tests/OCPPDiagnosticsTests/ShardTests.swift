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
        #expect(Shard("1/4") == Shard(index: 1, count: 4))
        #expect(Shard("4/4") == nil && Shard("x") == nil)
    }

    @Test func theHintNeverDisagreesWithDecoding() {
        let lines = [
            #"{"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-7","message":[2,"1","Heartbeat",{}]}"#,
            #"{"message":[2,"1","DataTransfer",{"chargePointId":"NOT-ME"}],"chargePointId":"CP-8"}"#,
            #"{"chargePointId":"CP\u002D9","message":[2,"1","Heartbeat",{}]}"#,
        ]
        let expected: [Substring?] = ["CP-7", nil, nil]
        for (line, want) in zip(lines, expected) {
            var copy = line
            let hint = copy.withUTF8 { JSONLinesFormat().chargePointHint($0) }
            #expect(hint == want, "\(line)")
        }
    }
}
