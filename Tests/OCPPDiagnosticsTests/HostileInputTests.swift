import Foundation
import Testing

@testable import OCPPDiagnostics

/// Input built to break arithmetic is refused with a reason, never a crash.
@Suite struct HostileInputTests {
    @Test(arguments: [
        #"{"timestamp":1e300,"chargePointId":"CP-1","status":"Available"}"#,
        #"{"timestamp":-5,"chargePointId":"CP-1","status":"Available"}"#,
        #"{"timestamp":"99999999999999999999","chargePointId":"CP-1","status":"Available"}"#,
        #"{"timestamp":"9223372036854775807","chargePointId":"CP-1","status":"Available"}"#,
    ])
    func impossibleTimesAreSkipped(_ line: String) throws {
        var summary = AnalysisSummary()
        summary = try Analysis.readEvents(inputs: [LogInput(path: try temporaryFile("t.jsonl", line + "\n"))]) { _, _ in }
        #expect(summary.linesSkipped[.badTimestamp] == 1)
        #expect(summary.balances)
    }

    @Test func aCSVTimeOfManyDigitsIsNotANumber() throws {
        let csv = "timestamp,chargePointId,connectorId,status,errorCode\n" + String(repeating: "9", count: 400) + ",CP-1,1,Available,NoError\n"
        let summary = try Analysis.readEvents(inputs: [LogInput(path: try temporaryFile("t.csv", csv))]) { _, _ in }
        #expect(summary.linesUsed + summary.totalSkipped == summary.linesRead)
        #expect(summary.events == 0)
    }

    @Test func durationsHaveACeiling() {
        #expect(TimeSpan.parse("3660d") != nil)
        #expect(TimeSpan.parse("3661d") == nil)
        #expect(TimeSpan.parse(String(repeating: "999999999w", count: 16)) == nil)
        let result = RuleLoader.load(files: [("r.yaml", """
            rules:
              - id: r
                when: { status: Faulted }
                history:
                  - count: { status: Faulted }
                    within: 999999999w999999999w
                    atLeast: 2
                then: { cause: c, action: monitor }
            """)])
        #expect(result.diagnostics.map(\.code) == ["bad-duration"])
    }

    @Test func coverageKeysNeverRunOut() {
        #expect(CoverageReport.key(0) == "A")
        #expect(CoverageReport.key(25) == "Z")
        #expect(CoverageReport.key(26) == "AA")
        #expect(CoverageReport.key(701) == "ZZ")
        #expect(CoverageReport.key(702) == "AAA")
        #expect(Set((0..<2000).map(CoverageReport.key)).count == 2000)
    }
}
