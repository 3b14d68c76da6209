import Testing

@testable import OCPPDiagnostics

/// Lint warnings: each code, at the position marked in the rule text, and the cases that must stay quiet.
@Suite struct LintWarningTests {
    static func warnings(_ yaml: String) -> [Diagnostic] {
        let result = RuleLoader.load(files: [("rules.yaml", yaml)])
        #expect(!result.hasErrors, "\(DiagnosticRenderer(sources: result.sources).render(result.diagnostics))")
        return RuleLinter.warnings(for: result)
    }

    static func expectWarning(_ marked: MarkedText, _ code: String, at marker: String, containing text: String? = nil,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = warnings(marked.text).filter { $0.code == code }
        guard let (line, column) = marked.markers[marker] else {
            Issue.record("no marker \(marker)", sourceLocation: sourceLocation)
            return
        }
        #expect(found.map { $0.location } == [SourceLocation(file: "rules.yaml", line: line, column: column)],
                "\(found)", sourceLocation: sourceLocation)
        #expect(found.allSatisfy { $0.severity == .warning }, sourceLocation: sourceLocation)
        if let text { #expect(found.first?.message.contains(text) == true, "\(found.first?.message ?? "")", sourceLocation: sourceLocation) }
    }

    static func codes(_ yaml: String) -> [String] { warnings(yaml).map(\.code) }

    // MARK: shadowed-rule

    @Test func aWeakerRuleWithHigherPriorityShadows() {
        let text = MarkedText("""
            rules:
              - id: generic
                priority: 50
                when: { status: Faulted, errorCode: { not: NoError } }
                then: { cause: c, action: trigger_status }
              - 1️⃣id: specific
                when: { status: Faulted, errorCode: GroundFailure }
                history:
                  - count: { status: Faulted, errorCode: GroundFailure }
                    within: 1d
                    atLeast: 3
                then: { cause: c, action: maintenance_ticket }
            """)
        Self.expectWarning(text, "shadowed-rule", at: "1", containing: "rule 'generic' (rules.yaml:2:5) matches every event it matches and ranks higher (priority 50 > 0)")
    }

    @Test func anIdenticalLaterRuleIsShadowedByPackOrder() {
        let text = MarkedText("""
            rules:
              - id: first
                when: { errorCode: [GroundFailure, OverCurrentFailure] }
                then: { cause: c, action: monitor }
              - 1️⃣id: second
                when: { errorCode: [OverCurrentFailure, GroundFailure] }
                then: { cause: c, action: monitor }
            """)
        Self.expectWarning(text, "shadowed-rule", at: "1", containing: "earlier in the pack")
    }

    @Test func historyAndForRulesAreComparedConservatively() {
        // A stricter count shadows nothing; a looser count with higher priority shadows the stricter one.
        let counts = """
            rules:
              - id: two
                priority: 10
                when: { status: Faulted }
                history: [ { count: { status: Faulted }, within: 1d, atLeast: 2 } ]
                then: { cause: c, action: monitor }
              - id: three
                when: { status: Faulted }
                history: [ { count: { status: Faulted }, within: 12h, atLeast: 3 } ]
                then: { cause: c, action: hard_reset }
            """
        #expect(Self.codes(counts) == ["shadowed-rule"])
        let stricterWins = counts.replacingOccurrences(of: "priority: 10", with: "priority: -10")
        #expect(Self.codes(stricterWins).isEmpty)
        // A different window on an upper bound is not comparable.
        let absence = """
            rules:
              - id: quiet-day
                priority: 10
                when: { status: Available }
                history: [ { count: { type: Reset }, within: 1d, atMost: 0 } ]
                then: { cause: c, action: none }
              - id: quiet-hour
                when: { status: Available }
                history: [ { count: { type: Reset }, within: 1h, atMost: 0 } ]
                then: { cause: c, action: monitor }
            """
        #expect(Self.codes(absence).isEmpty)
        // for: rules with different durations are diagnosed in different records.
        let timers = """
            rules:
              - id: short
                priority: 10
                when: { status: Preparing }
                for: 10m
                then: { cause: c, action: trigger_status }
              - id: long
                when: { status: Preparing }
                for: 30m
                then: { cause: c, action: check_authorization }
            """
        #expect(Self.codes(timers).isEmpty)
        // A rule with a condition the other lacks is not shadowed by it.
        let narrower = """
            rules:
              - id: vendor
                priority: 10
                when: { status: Faulted, vendorErrorCode: E1 }
                then: { cause: c, action: monitor }
              - id: code
                when: { status: Faulted, errorCode: GroundFailure }
                then: { cause: c, action: hard_reset }
            """
        #expect(Self.codes(narrower).isEmpty)
    }

    // MARK: ambiguous-tie

    @Test func equalRankOverlappingRulesWithDifferentActionsTie() {
        let text = MarkedText("""
            rules:
              - id: by-code
                when: { status: Faulted, errorCode: GroundFailure }
                then: { cause: c, action: monitor }
              - 1️⃣id: by-vendor
                when: { status: Faulted, vendorErrorCode: { prefix: E4 } }
                then: { cause: c, action: hard_reset }
            """)
        Self.expectWarning(text, "ambiguous-tie", at: "1", containing: "(monitor vs hard_reset); only pack order decides, so 'by-code' wins")
    }

    @Test func disjointOrAgreeingRulesDoNotTie() {
        let disjoint = """
            rules:
              - id: faulted
                when: { status: Faulted, errorCode: GroundFailure }
                then: { cause: c, action: monitor }
              - id: preparing
                when: { status: Preparing, errorCode: GroundFailure }
                then: { cause: c, action: hard_reset }
              - id: other-code
                when: { status: Faulted, errorCode: { not: GroundFailure } }
                then: { cause: c, action: replug }
            """
        #expect(Self.codes(disjoint).isEmpty)
        let sameAction = """
            rules:
              - id: a
                when: { status: Faulted, errorCode: GroundFailure }
                then: { cause: c, action: monitor }
              - id: b
                when: { status: Faulted, vendorErrorCode: E4 }
                then: { cause: d, action: monitor }
            """
        #expect(Self.codes(sameAction).isEmpty)
        let exclusiveHistory = """
            rules:
              - id: after-reset
                when: { status: Faulted }
                history: [ { count: { type: Reset }, within: 1h, atLeast: 1 } ]
                then: { cause: c, action: maintenance_ticket }
              - id: without-reset
                when: { status: Faulted }
                history: [ { count: { type: Reset }, within: 1h, atMost: 0 } ]
                then: { cause: c, action: soft_reset }
            """
        #expect(Self.codes(exclusiveHistory).isEmpty)
    }

    // MARK: matches-everything, short-for

    @Test func aRuleWithoutConditionsMatchesEverything() {
        let text = MarkedText("""
            rules:
              - id: catch-all
                1️⃣when: {}
                then: { cause: c, action: monitor }
            """)
        Self.expectWarning(text, "matches-everything", at: "1")
        #expect(Self.codes("""
            rules:
              - id: with-history
                when: {}
                history: [ { count: { type: BootNotification }, within: 1h, atLeast: 3 } ]
                then: { cause: c, action: monitor }
            """).isEmpty)
    }

    @Test func aForShorterThanTheReorderWindowWarns() {
        let text = MarkedText("""
            rules:
              - id: brief
                when: { status: SuspendedEVSE }
                for: 1️⃣2m
                then: { cause: c, action: monitor }
              - id: enough
                when: { status: Preparing }
                for: 5m
                then: { cause: c, action: monitor }
            """)
        Self.expectWarning(text, "short-for", at: "1", containing: "'for: 2m' is shorter than the default reorder window (5m)")
    }

    // MARK: unreachable-rule

    @Test func rulesThatCanNeverFire() {
        let text = MarkedText("""
            rules:
              - id: heartbeat-status
                1️⃣when: { type: Heartbeat, status: Faulted }
                then: { cause: c, action: monitor }
              - id: answer-status
                2️⃣when: { type: StatusNotification, messageType: result, errorCode: GroundFailure }
                then: { cause: c, action: monitor }
              - id: boot-timer
                when: { type: BootNotification }
                for: 3️⃣10m
                then: { cause: c, action: monitor }
              - id: fine
                when: { type: [StatusNotification, Heartbeat], status: { not: Faulted } }
                for: 10m
                then: { cause: c, action: monitor }
            """)
        let found = Self.warnings(text.text).filter { $0.code == "unreachable-rule" }
        #expect(found.map { ($0.location!.line, $0.location!.column) }.elementsEqual(["1", "2", "3"].map { text.markers[$0]! }, by: ==))
        #expect(found.first?.message == "rule 'heartbeat-status' can never fire: 'status' is only set on StatusNotification requests, but 'type' is Heartbeat")
        #expect(found.last?.message.contains("only StatusNotification requests start it, but its 'type' is BootNotification") == true)
    }

    // MARK: ev-communication-faulted, regex-not-needed

    @Test func evCommunicationErrorWithFaulted() {
        let text = MarkedText("""
            rules:
              - id: ev-comm
                when: { status: 1️⃣Faulted, errorCode: EVCommunicationError }
                then: { cause: c, action: replug }
              - id: either
                when: { status: Faulted, errorCode: [EVCommunicationError, GroundFailure] }
                then: { cause: c, action: monitor }
              - id: history
                priority: 5
                when: { status: Available }
                history:
                  - count: { status: 2️⃣[Faulted], errorCode: EVCommunicationError }
                    within: 1h
                    atLeast: 1
                then: { cause: c, action: monitor }
            """)
        let found = Self.warnings(text.text).filter { $0.code == "ev-communication-faulted" }.map { ($0.location!.line, $0.location!.column) }
        #expect(found.count == 2)
        #expect(found.first! == text.markers["1"]!)
        #expect(found.last! == text.markers["2"]!)
    }

    @Test func regexesThatAreFixedTextSaySo() {
        let text = MarkedText("""
            rules:
              - id: a
                when: { vendorErrorCode: { regex: 1️⃣"^E4" } }
                then: { cause: c, action: monitor }
              - id: b
                when: { info: { regex: 2️⃣RCD } }
                then: { cause: c, action: monitor }
              - id: c
                when: { info: { regex: "^E4[0-9]$" } }
                then: { cause: c, action: monitor }
              - id: d
                when: { info: { regex: "trip$" } }
                then: { cause: c, action: monitor }
              - id: e
                when: { vendorErrorCode: { regex: 3️⃣'^E\\.42$' } }
                then: { cause: c, action: monitor }
            """)
        let found = Self.warnings(text.text).filter { $0.code == "regex-not-needed" }
        #expect(found.map { ($0.location!.line) } == [3, 6, 15])
        #expect(found.map { $0.location!.column } == ["1", "2", "3"].map { text.markers[$0]!.column })
        #expect(found.map(\.suggestion) == ["write {prefix: \"E4\"}", "write {contains: \"RCD\"}", "write 'vendorErrorCode: \"E.42\"'"])
    }

    @Test func simplifierKeepsRealRegexes() {
        for pattern in ["^E4[0-9]$", "a|b", "\\d+", "^$", "", "E4$", "(?i)rcd", "a.b", "x*"] {
            #expect(RegexSimplifier.simpler(pattern) == nil, "\(pattern)")
        }
        #expect(RegexSimplifier.simpler("a\\.b")! == ("contains", "a.b"))
        #expect(RegexSimplifier.simpler("^E4$")! == ("equals", "E4"))
    }

    @Test func theBuiltInPackHasOnlyItsKnownWarning() {
        let result = RuleLoader.load(paths: [packageRoot.appendingPathComponent("Rules").path])
        #expect(!result.hasErrors)
        // The two Faulted/NoError debounce rules wait 2m on purpose (a boot-time Faulted clears within seconds).
        #expect(RuleLinter.warnings(for: result).map(\.code) == ["short-for", "short-for"])
    }

    @Test func warningsStayOutOfLoadDiagnostics() {
        let result = RuleLoader.load(files: [("rules.yaml", """
            rules:
              - id: a
                when: { info: { regex: RCD } }
                then: { cause: c, action: monitor }
            """)])
        #expect(result.diagnostics.isEmpty)
        #expect(result.warnings.map(\.code) == ["regex-not-needed"])
    }

    @Test func anExactRegexForANonStandardValueIsNotFlagged() {
        let result = RuleLoader.load(files: [("rules.yaml", """
            rules:
              - id: nonstandard
                when: { errorCode: { regex: "^Error$" } }
                then: { cause: c, action: monitor }
            """)])
        #expect(!result.hasErrors)
        #expect(RuleLinter.warnings(for: result).isEmpty)
    }
}
