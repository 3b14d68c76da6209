import Foundation
import Testing

/// The authoring commands as a user runs them: explain, lint warnings and coverage, diff, schema.
@Suite(.serialized) struct AuthoringCLITests {
    @Test func explainAnEventPickedFromALog() throws {
        let r = try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl", "--line", "603"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Event: StatusNotification Faulted/GroundFailure vendor code RCD-DC6 on CP-0001/2"))
        #expect(r.stdout.contains("MATCH     ground-failure-repeated"))
        // The near miss of the rule that needs a third fault, with the fault it found.
        #expect(r.stdout.contains("2 of 3 within 1d"))
        #expect(r.stdout.contains("found: Examples/fleet.jsonl:301"))
        #expect(r.stdout.contains("1. ground-failure-repeated (priority 80, specificity 3)  ← diagnosis"))
        #expect(r.stdout.contains("2. ground-failure-first (priority 70, specificity 2)  below: priority 80 > 70"))
    }

    @Test func explainFlagsAndJSON() throws {
        let r = try CLI.run(["explain", "--rules", "Rules", "--status", "Faulted", "--error-code", "GroundFailure",
                             "--at", "2026-03-01T08:00:00Z", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["diagnosis"] as? String == "ground-failure-first")
        let rules = try #require(object["rules"] as? [[String: Any]])
        let first = try #require(rules.first { $0["ruleId"] as? String == "ground-failure-first" })
        #expect(first["matched"] as? Bool == true)
        let when = try #require(first["when"] as? [[String: Any]])
        #expect(when.map { $0["field"] as? String } == ["type", "status", "errorCode"])
    }

    @Test func explainAForRuleFromALogTellsWhetherItFiredLater() throws {
        let log = try temporaryFile("cp.jsonl", """
            {"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-9","connectorId":1,"status":"Available"}
            {"timestamp":"2026-03-01T08:01:00Z","chargePointId":"CP-9","connectorId":1,"status":"Preparing"}
            {"timestamp":"2026-03-01T08:30:00Z","chargePointId":"CP-9","connectorId":1,"status":"Available"}

            """)
        let r = try CLI.run(["explain", "--rules", "Rules", "--log", log, "--line", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("preparing-stuck (for: 15m): timer started: fires at 2026-03-01T08:16:00.000Z"))
        #expect(r.stdout.contains("preparing-stuck fired at 2026-03-01T08:16:00.000Z → check_authorization"))
    }

    @Test func explainUsageErrors() throws {
        #expect(try CLI.run(["explain", "--rules", "Rules"]).status == 2)
        #expect(try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl"]).status == 2)
        #expect(try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl", "--line", "3", "--status", "Faulted"]).status == 2)
        let missing = try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl", "--line", "999999"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("line 999999 of Examples/fleet.jsonl carries no event"))
        #expect(try CLI.run(["explain", "--rules", "Rules", "--log", "no-such.log", "--line", "1"]).status == 66)
    }
}
