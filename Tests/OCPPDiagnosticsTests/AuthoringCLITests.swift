import Foundation
import Testing

/// The authoring commands as a user runs them: explain, lint warnings and coverage, diff, schema.
@Suite(.serialized) struct AuthoringCLITests {
    @Test func explainAnEventPickedFromALog() throws {
        let r = try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl", "--line", "1159"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Event: StatusNotification Faulted/GroundFailure vendor code RCD-DC6 on CP-0001/2"))
        #expect(r.stdout.contains("MATCH     ground-failure-repeated"))
        // The near miss of the rule that needs a third fault, with the fault it found.
        #expect(r.stdout.contains("2 of 3 within 1d"))
        #expect(r.stdout.contains("found: this event, Examples/fleet.jsonl:613"))
        #expect(r.stdout.contains("1. ground-failure-repeated (priority 80, specificity 3)  ← diagnosis"))
        #expect(r.stdout.contains("2. ground-failure-first (priority 70, specificity 3)  below: priority 80 > 70"))
    }

    @Test func explainOnlyTheNamedRules() throws {
        let r = try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl", "--line", "1159",
                             "--rule", "ground-failure-recurring"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("NO MATCH  ground-failure-recurring"))
        #expect(!r.stdout.contains("MATCH     ground-failure-repeated"))
        // The ranking stays complete.
        #expect(r.stdout.contains("1. ground-failure-repeated"))
        let typo = try CLI.run(["explain", "--rules", "Rules", "--status", "Faulted", "--rule", "ground-failure-recuring"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'ground-failure-recurring'?"))
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
        #expect(when.map { $0["field"] as? String } == ["type", "status", "errorCode", "statusChanged"])
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

    @Test func explainWithAHistoryLog() throws {
        // The sample's connector CP-0001/2 had ground faults at lines 613 and 1159: a third makes it recurring.
        let r = try CLI.run(["explain", "--rules", "Rules", "--history", "Examples/fleet.jsonl", "--charge-point", "CP-0001",
                             "--connector-id", "2", "--status", "Faulted", "--error-code", "GroundFailure",
                             "--at", "2026-03-01T15:30:00Z", "--rule", "ground-failure-recurring"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("MATCH     ground-failure-recurring"))
        #expect(r.stdout.contains("satisfied by: this event, Examples/fleet.jsonl:613, Examples/fleet.jsonl:1159"))
        #expect(r.stdout.contains("1. ground-failure-recurring (priority 90, specificity 3)  ← diagnosis"))
    }

    @Test func aConnectorIdOutsideOCPPsRangeIsAUsageError() throws {
        for bad in ["-1", "9007199254740993", "-9223372036854775808"] {
            let r = try CLI.run(["diagnose", "--rules", "Rules", "--status", "Faulted", "--error-code", "PowerSwitchFailure", "--connector-id=\(bad)"])
            #expect(r.status == 2 && r.stderr.contains("--connector-id must be between 0 and 2147483647"), "\(bad): \(r.stderr)")
        }
        let top = try CLI.run(["diagnose", "--rules", "Rules", "--status", "Faulted", "--error-code", "PowerSwitchFailure", "--connector-id", "2147483647"])
        #expect(top.status == 0 && top.stdout.contains("2147483647"), "\(top.stderr)")
    }

    @Test func explainUsageErrors() throws {
        #expect(try CLI.run(["explain", "--rules", "Rules"]).status == 2)
        #expect(try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl"]).status == 2)
        #expect(try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl", "--line", "3", "--status", "Faulted"]).status == 2)
        let missing = try CLI.run(["explain", "--rules", "Rules", "--log", "Examples/fleet.jsonl", "--line", "999999"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Examples/fleet.jsonl has no event at line 999999; its last event is at line 3334"))
        #expect(try CLI.run(["explain", "--rules", "Rules", "--log", "no-such.log", "--line", "1"]).status == 66)
    }

    static let warnedPack = """
        rules:
          - id: catch-all
            when: {}
            then: { cause: c, action: monitor }
          - id: rcd
            priority: 5
            when: { info: { regex: RCD } }
            then: { cause: c, action: maintenance_ticket }

        """

    @Test func lintWarningsExitZeroUnlessWarningsAreErrors() throws {
        let pack = try temporaryFile("warned.yaml", Self.warnedPack)
        let r = try CLI.run(["lint", pack])
        #expect(r.status == 0)
        #expect(r.stdout.contains("2 rules and 0 tests in 1 file: no errors, 2 warnings"))
        #expect(r.stderr.contains("warned.yaml:3:5: warning: rule 'catch-all' matches every event"))
        #expect(r.stderr.contains("[matches-everything]"))
        #expect(r.stderr.contains("warned.yaml:7:28: warning: regular expression 'RCD' only tests for fixed text"))
        #expect(r.stderr.contains("note: write {contains: \"RCD\"}"))
        let strict = try CLI.run(["lint", "--warnings-as-errors", pack])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("error: 2 warnings and --warnings-as-errors"))
        let json = try CLI.run(["lint", "--format", "json", pack])
        #expect(json.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["code"] as? String } == ["matches-everything", "regex-not-needed"])
        #expect(list.allSatisfy { $0["severity"] as? String == "warning" })
        #expect(list.map { $0["line"] as? Int } == [3, 7])
    }

    @Test func lintErrorsStillExitOneAndShowWarningsBeside() throws {
        let pack = try temporaryFile("broken.yaml", Self.warnedPack + """
              - id: typo
                when: { status: Faultd }
                then: { cause: c, action: monitor }

            """)
        let r = try CLI.run(["lint", pack])
        #expect(r.status == 1)
        #expect(r.stderr.contains("unknown status 'Faultd'"))
        #expect(r.stderr.contains("[regex-not-needed]"))
        #expect(r.stdout.contains("1 error, 1 warning in 1 file"))
    }

    @Test func coverageMatrixAndThreshold() throws {
        let r = try CLI.run(["lint", "Rules", "--coverage"])
        #expect(r.status == 0, "\(r.stderr)")
        let header = r.stdout.split(separator: "\n").first { $0.contains("Available") }.map { $0.split(separator: " ").map(String.init) }
        #expect(header == ["Available", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Reserved", "Unavailable", "Faulted"])
        #expect(r.stdout.contains("cells covered ("))
        #expect(r.stdout.contains("Rules that no test makes the top diagnosis: none"))
        #expect(r.stdout.contains("Tests that exercise no rule:"))
        let high = try CLI.run(["lint", "Rules", "--coverage", "--min-coverage", "99"])
        #expect(high.status == 1)
        #expect(high.stderr.contains("below --min-coverage 99%"))
        #expect(try CLI.run(["lint", "Rules", "--coverage", "--min-coverage", "50"]).status == 0)
        #expect(try CLI.run(["lint", "Rules", "--min-coverage", "50"]).status == 2)
    }

    @Test func coverageJSONAndUntestedRules() throws {
        let pack = try temporaryFile("cov.yaml", """
            rules:
              - id: ground
                when: { status: Faulted, errorCode: GroundFailure }
                then: { cause: c, action: maintenance_ticket }
              - id: lock
                when: { errorCode: ConnectorLockFailure }
                then: { cause: c, action: unlock_connector }
            tests:
              - name: ground fault
                events:
                  - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: GroundFailure }
                expect:
                  - { event: 0, ruleId: ground }
              - name: quiet
                events:
                  - { at: "2026-03-01T08:00:00Z", status: Available }
                expect: []

            """)
        let r = try CLI.run(["lint", pack, "--coverage", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let coverage = try #require(object["coverage"] as? [String: Any])
        #expect((coverage["cells"] as? [Any])?.count == 144)
        // One cell for ground, nine (every status) for lock.
        #expect(coverage["covered"] as? Int == 10)
        #expect((coverage["untestedRules"] as? [[String: Any]])?.map { $0["ruleId"] as? String } == ["lock"])
        #expect((coverage["testsExercisingNoRule"] as? [[String: Any]])?.map { $0["name"] as? String } == ["quiet"])
        let text = try CLI.run(["lint", pack, "--coverage"])
        #expect(text.stdout.contains("10 of 144 cells covered (6.9%)"))
        #expect(text.stdout.contains("  lock ("))
    }

    static let diffLog = """
        {"timestamp":"2026-03-01T08:00:00Z","chargePointId":"CP-1","connectorId":1,"status":"Faulted","errorCode":"GroundFailure"}
        {"timestamp":"2026-03-01T08:10:00Z","chargePointId":"CP-1","connectorId":1,"status":"Available"}
        {"timestamp":"2026-03-01T09:00:00Z","chargePointId":"CP-1","connectorId":1,"status":"Faulted","errorCode":"GroundFailure"}
        {"timestamp":"2026-03-01T09:05:00Z","chargePointId":"CP-1","connectorId":2,"status":"Faulted","errorCode":"HighTemperature"}
        {"timestamp":"2026-03-01T09:30:00Z","chargePointId":"CP-2","connectorId":1,"status":"Preparing","errorCode":"EVCommunicationError"}

        """

    static let oldPack = """
        rules:
          - id: ground-first
            when: { status: Faulted, errorCode: GroundFailure }
            then: { cause: c, action: monitor, severity: high }
          - id: ground-repeated
            priority: 10
            when: { status: Faulted, errorCode: GroundFailure }
            history: [ { count: { status: Faulted, errorCode: GroundFailure }, within: 1d, atLeast: 3 } ]
            then: { cause: c, action: maintenance_ticket, severity: critical }
          - id: hot
            when: { status: Faulted, errorCode: HighTemperature }
            then: { cause: c, action: monitor }

        """

    @Test func diffListsEveryChangedDiagnosisGroupedByRule() throws {
        let log = try temporaryFile("fleet.jsonl", Self.diffLog)
        let old = try temporaryFile("old.yaml", Self.oldPack)
        // The edit: two faults are enough now; the HighTemperature rule is gone; a new rule appears.
        let new = try temporaryFile("new.yaml", Self.oldPack
            .replacingOccurrences(of: "atLeast: 3", with: "atLeast: 2")
            .replacingOccurrences(of: "  - id: hot\n    when: { status: Faulted, errorCode: HighTemperature }\n    then: { cause: c, action: monitor }\n", with: "")
            + """
              - id: ev-comm
                when: { errorCode: EVCommunicationError }
                then: { cause: c, action: replug, severity: low }

            """)
        let same = try CLI.run(["diff", "--old", old, "--new", old, log])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout == "No diagnosis changes (3 unchanged).\n")

        let r = try CLI.run(["diff", "--old", old, "--new", new, log])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("3 diagnoses changed (1 added, 1 removed, 1 changed); 1 unchanged\n"))
        #expect(r.stdout.contains("ground-first → ground-repeated: 1\n  CP-1/1 2026-03-01T09:00:00.000Z"))
        #expect(r.stdout.contains("fleet.jsonl:3  ground-first: monitor (high) → ground-repeated: maintenance_ticket (critical)"))
        #expect(r.stdout.contains("- hot: 1\n"))
        #expect(r.stdout.contains("+ ev-comm: 1\n"))

        let json = try CLI.run(["diff", "--old", old, "--new", new, "--format", "json", log])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["changed"] as? Int == 3)
        #expect(object["unchanged"] as? Int == 1)
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.map { $0["kind"] as? String } == ["changed", "removed", "added"])
        #expect((changes[0]["trigger"] as? [String: Any])?["line"] as? Int == 3)
        #expect(changes[1]["after"] is NSNull)
    }

    @Test func diffUsageAndPackErrors() throws {
        let old = try temporaryFile("old.yaml", Self.oldPack)
        let broken = try temporaryFile("broken.yaml", "rules:\n  - id: x\n    when: { status: Faultd }\n    then: { cause: c, action: monitor }\n")
        let log = try temporaryFile("fleet.jsonl", Self.diffLog)
        #expect(try CLI.run(["diff", "--old", old, "--new", old]).status == 2)
        #expect(try CLI.run(["diff", "--old", old, "--new", old, "-"]).status == 2)
        let bad = try CLI.run(["diff", "--old", old, "--new", broken, log])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown status 'Faultd'"))
        #expect(try CLI.run(["diff", "--old", old, "--new", old, "missing.jsonl"]).status == 66)
    }
}
