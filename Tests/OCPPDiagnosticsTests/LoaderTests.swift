import Testing

@testable import OCPPDiagnostics

@Suite struct LoaderTests {
    /// Loads marked YAML and checks each expected (marker, code, message fragment) diagnostic.
    func expectDiagnostics(_ marked: String, _ expected: [(String, String, String)], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let m = MarkedText(marked)
        let result = RuleLoader.load(files: [("pack.yaml", m.text)])
        #expect(result.pack == nil, sourceLocation: sourceLocation)
        let got = result.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) [\($0.code)] \($0.message)" + ($0.suggestion.map { " — \($0)" } ?? "") }
        #expect(result.diagnostics.count == expected.count, "got:\n\(got.joined(separator: "\n"))", sourceLocation: sourceLocation)
        for (marker, code, fragment) in expected {
            guard let pos = m.markers[marker] else {
                Issue.record("no marker \(marker)", sourceLocation: sourceLocation)
                continue
            }
            let hit = result.diagnostics.contains {
                $0.location?.line == pos.line && $0.location?.column == pos.column && $0.code == code
                    && ($0.message.contains(fragment) || ($0.suggestion ?? "").contains(fragment))
            }
            #expect(hit, "expected [\(code)] '\(fragment)' at \(pos.line):\(pos.column); got:\n\(got.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
    }

    @Test func everyProblemOfAFileIsReportedAtItsNode() {
        expectDiagnostics("""
            rules:
              - id: r1
                when: { status: 1️⃣Faultd, errorCode: 2️⃣GroundFailur }
                history:
                  - count: { status: Faulted }
                    within: 3️⃣3x
                    atLeast: 4️⃣three
                then:
                  cause: c
                  action: 5️⃣reboot
                  6️⃣severty: high
            """, [
                ("1", "unknown-status", "did you mean 'Faulted'?"),
                ("2", "unknown-error-code", "did you mean 'GroundFailure'?"),
                ("3", "bad-duration", "'3x'"),
                ("4", "bad-value", "expected an integer for 'atLeast', found 'three'"),
                ("5", "unknown-action", "unknown action 'reboot'"),
                ("6", "unknown-key", "did you mean 'severity'?"),
            ])
    }

    @Test func unknownFieldsOperatorsAndKeysSuggestTheNearestName() {
        expectDiagnostics("""
            rules:
              - id: r1
                1️⃣whn: {}
                when: { 2️⃣erorCode: GroundFailure, vendorErrorCode: { 3️⃣prefx: E } }
                then: { cause: c, action: monitor }
            """, [
                ("1", "unknown-key", "did you mean 'when'?"),
                ("2", "unknown-field", "did you mean 'errorCode'?"),
                ("3", "unknown-operator", "did you mean 'prefix'?"),
            ])
    }

    @Test func duplicateKeysAreReportedAtTheRepeatAndTheRestOfTheFileStillChecked() {
        expectDiagnostics("""
            rules:
              - id: r1
                when: { status: Faulted }
                then: { cause: c, action: monitor }
                1️⃣when: { status: Available }
              - id: r2
                when: { status: 2️⃣Avail }
                then: { cause: c, action: monitor }
            """, [
                ("1", "duplicate-key", "duplicate key 'when'"),
                ("2", "unknown-status", "did you mean 'Available'?"),
            ])
    }

    @Test func duplicateRuleIdsRegexesPlaceholdersAndRanges() {
        expectDiagnostics("""
            rules:
              - id: same
                when: { info: { regex: 1️⃣"([" } }
                then: { cause: c, action: monitor, message: 2️⃣"{{chargePoint}} down" }
              - id: 3️⃣same
                when: { status: Faulted }
                history:
                  - count: { status: Faulted }
                    within: 1h
                    atLeast: 4️⃣5
                    atMost: 2
                then: { cause: c, action: monitor, message: 5️⃣"stuck for {{duration}}" }
            """, [
                ("1", "bad-regex", "'(['"),
                ("2", "unknown-placeholder", "did you mean 'chargePointId'?"),
                ("3", "duplicate-rule-id", "rule id 'same' is already used"),
                ("4", "bad-range", "'atLeast: 5' is greater than 'atMost: 2'"),
                ("5", "placeholder-unavailable", "{{duration}}"),
            ])
    }

    @Test func historyClauseShapeIsChecked() {
        expectDiagnostics("""
            rules:
              - id: r1
                when: { status: Faulted }
                history:
                  - 1️⃣count: { status: Faulted }
                    atLeast: 1
                  - previous: { status: Charging }
                    2️⃣atLeast: 1
                  - 3️⃣within: 1h
                  - count: { status: Faulted }
                    within: 1h
                    atLeast: 1
                    scope: 4️⃣charger
                then: { cause: c, action: monitor }
            """, [
                ("1", "missing-key", "needs 'within'"),
                ("2", "misplaced-key", "'atLeast' applies only to a count clause"),
                ("3", "missing-key", "one of 'count', 'previous' or 'sequence'"),
                ("4", "unknown-scope", "'charger'"),
            ])
    }

    @Test func yamlIsReadAsPlainStringsAndTypedPerField() {
        // YAML 1.1 would read `yes` as a boolean; here it is the string 'yes' and the field says what it wanted.
        expectDiagnostics("""
            rules:
              - id: r1
                when: { statusChanged: 1️⃣yes, connectorId: 2️⃣one }
                then: { cause: c, action: monitor }
            """, [
                ("1", "bad-value", "expected true or false for 'statusChanged', found 'yes'"),
                ("2", "bad-value", "expected an integer for 'connectorId', found 'one'"),
            ])
    }

    @Test func syntaxErrorsArePositioned() {
        expectDiagnostics("""
            rules:
              - id: r1
                when: { status: Faulted
                then1️⃣: { cause: c, action: monitor }
            """, [("1", "yaml-syntax", "did not find expected ',' or '}'")])
    }

    @Test func testsAreValidatedAgainstTheRules() {
        expectDiagnostics("""
            rules:
              - id: real-rule
                when: { status: Faulted }
                then: { cause: c, action: monitor }
            tests:
              - name: t
                events:
                  - { at: "2026-03-01T08:00:00Z", status: 1️⃣Faultd }
                  - { at: 2️⃣"+1x", status: Faulted }
                expect:
                  - { event: 3️⃣7, ruleId: real-rule }
                  - { event: 0, ruleId: 4️⃣real-rul }
            """, [
                ("1", "unknown-status", "did you mean 'Faulted'?"),
                ("2", "bad-duration", "'+1x'"),
                ("3", "bad-value", "event 7 does not exist"),
                ("4", "unknown-rule", "did you mean 'real-rule'?"),
            ])
    }

    @Test func aliasBombsAreBounded() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "rules:\n  - id: r\n    when: { info: *a9 }\n    then: { cause: c, action: monitor }\n"
        let result = RuleLoader.load(files: [("bomb.yaml", yaml)])
        #expect(result.pack == nil)
        #expect(result.diagnostics.contains { $0.code == "too-complex" })
    }

    @Test func renderedErrorHasFilePositionSourceLineCaretAndNote() {
        let result = RuleLoader.load(files: [("rules/x.yaml", "rules:\n  - id: r\n    when: { status: Faultd }\n    then: { cause: c, action: monitor }\n")])
        let text = DiagnosticRenderer(sources: result.sources).render(result.diagnostics)
        #expect(text == """
            rules/x.yaml:3:21: error: unknown status 'Faultd' [unknown-status]
             3 |     when: { status: Faultd }
               |                     ^
            rules/x.yaml:3:21: note: did you mean 'Faulted'?

            """)
    }

    @Test func validPackLoadsWithSpecificityAndAStableHash() throws {
        let yaml = """
            rules:
              - id: r
                when: { status: Faulted, errorCode: GroundFailure }
                history:
                  - count: { status: Faulted }
                    within: 1d
                    atLeast: 2
                for: 1h30m
                then: { cause: c, action: set_inoperative, severity: critical }
            """
        let a = try loadPack(yaml), b = try loadPack(yaml)
        #expect(a.rules[0].specificity == 4)
        #expect(a.rules[0].forDuration == TimeSpan.minutes(90))
        #expect(a.longestWindow == TimeSpan.minutes(1440))
        #expect(a.hash == b.hash && a.hash.count == 16)
        #expect(try loadPack(yaml + "\n# edited\n").hash != a.hash)
    }
}

/// Commands that only evaluate rules skip the `tests:` that end a file; the rules must not change.
@Suite struct RulesOnlyLoadingTests {
    @Test func theBuiltInPackLoadsTheSameRulesWithoutItsTests() throws {
        let path = packageRoot.appendingPathComponent("Rules").path
        let whole = RuleLoader.load(paths: [path]), rulesOnly = RuleLoader.load(paths: [path], includingTests: false)
        let a = try #require(whole.pack), b = try #require(rulesOnly.pack)
        #expect(!a.tests.isEmpty && b.tests.isEmpty)
        #expect(a.hash == b.hash)  // the report's rulesetHash names the files as they are
        #expect(a.rules.count == b.rules.count)
        #expect(a.rules.map { "\($0)" } == b.rules.map { "\($0)" })  // every field, locations included
    }

    @Test func onlyATestsKeyThatEndsTheFileIsCut() {
        let rules = "rules:\n  - id: r\n    when: { status: Faulted }\n    then: { cause: c, action: monitor }\n"
        let tests = "tests:  # below\n  - name: t\n    events:\n      - { status: Faulted }\n\n# done\n"
        #expect(RuleLoader.rulesPart(of: rules + tests) == rules)
        #expect(RuleLoader.rulesPart(of: rules + "tests:\n- name: t\n  expect: []\n") == rules)  // items at column 0
        #expect(RuleLoader.rulesPart(of: (rules + tests).replacingOccurrences(of: "\n", with: "\r\n"))
            == rules.replacingOccurrences(of: "\n", with: "\r\n"))
        for kept in [tests + rules,                           // tests first
                     rules + tests + "rules2: []\n",          // another key after it
                     rules + tests + "---\nrules: []\n",      // a second document
                     rules + "tests: []\n",                   // not a block
                     rules + "\"tests\":\n  - name: t\n",     // quoted: left to the parser
                     rules] {
            #expect(RuleLoader.rulesPart(of: kept) == kept, "\(kept)")
        }
    }

    @Test func aTestsLineThatIsNotAKeyLosesNothing() {
        // Each file reads the same with and without its tests wanted: same rules, same errors.
        let rule = "{id: r, when: {status: Faulted}, then: {cause: c, action: monitor}}"
        let files = [
            // Flow style: the `tests:` line is inside the root mapping's braces.
            "{rules: [\(rule)],\ntests:\n  [{name: t, events: [{status: Faulted}], expect: [{event: 0, ruleId: r, action: monitor}]}]}\n",
            // A quoted scalar running over lines.
            "rules:\n  - id: r\n    when: { status: Faulted }\n    then: { cause: \"c\ntests:\n  x\", action: monitor }\n",
            "rules:\n  - id: r\n    when: { status: Faulted }\n    then: { cause: 'c\ntests:\n  x', action: monitor }\n",
            // Not valid YAML: reported as `lint` reports it, not as a rule missing its `when`.
            "rules:\n  - id: r\n    description: |\n      foo\ntests:\n  - bar\n    when: { status: Faulted }\n    then: { cause: c, action: monitor }\n",
            // A second `tests` key: the duplicate is reported.
            "tests: []\nrules:\n  - id: r\n    when: { status: Faulted }\n    then: { cause: c, action: monitor }\ntests:\n  - name: t\n",
        ]
        for text in files {
            let whole = RuleLoader.load(files: [("p.yaml", text)]), rulesOnly = RuleLoader.load(files: [("p.yaml", text)], includingTests: false)
            #expect(rulesOnly.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code) \($0.message)" } == whole.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code) \($0.message)" }, "\(text)")
            #expect(rulesOnly.pack?.rules.map { "\($0)" } == whole.pack?.rules.map { "\($0)" }, "\(text)")
        }
    }

    @Test func aBrokenTestStopsLintButNotAnAnalysis() throws {
        let pack = try temporaryFile("pack.yaml", """
            rules:
              - id: r
                when: { status: Faulted }
                then: { cause: c, action: monitor }
            tests:
              - name: t
                events: [{ status: Faulted }]
                expect: [{ rule: no-such-rule }]
            """)
        let lint = try CLI.run(["lint", pack])
        #expect(lint.status == 1 && lint.stderr.contains("no-such-rule"))
        let analysis = try CLI.run(["analyze", "--format", "jsonl", "--rules", pack, "Examples/fleet.jsonl"])
        #expect(analysis.status == 0, "\(analysis.stderr)")
    }
}

@Suite struct RuleIdTests {
    @Test func ruleIdsAreLowercaseLettersDigitsAndDashes() {
        for (id, ok) in [("ground-failure-2", true), ("0x", true), ("a", true), ("-a", false), ("Ground", false),
                         ("a_b", false), ("a b", false), ("é", false), ("a\\n", false), ("", false)] {
            let text = "rules:\n  - id: \"\(id)\"\n    when: { status: Faulted }\n    then: { cause: c, action: monitor }\n"
            let result = RuleLoader.load(files: [("p.yaml", text)])
            #expect((result.pack != nil) == ok, "\(id)")
            #expect(result.diagnostics.contains { $0.code == "bad-rule-id" } == !ok, "\(id)")
        }
    }
}
