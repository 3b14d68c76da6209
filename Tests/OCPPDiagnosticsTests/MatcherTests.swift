import Testing

@testable import OCPPDiagnostics

@Suite struct MatcherTests {
    static let start = "- { at: \"2026-03-01T08:00:00Z\", type: Heartbeat }"

    @Test func equalityAnyOfAndImpliedStatusNotificationType() throws {
        let rules = """
            rules:
              - id: any-of
                when: { status: Faulted, errorCode: [GroundFailure, OverCurrentFailure] }
                then: { cause: c, action: set_inoperative }
              - id: no-error-only
                when: { errorCode: NoError }
                then: { cause: c, action: none }
            """
        let got = try fired(rules, events: """
            \(Self.start)
            - { at: "+1m", status: Faulted, errorCode: OverCurrentFailure }
            - { at: "+1m", status: Faulted, errorCode: HighTemperature }
            - { at: "+1m", status: Available }
            """)
        // The Heartbeat has no errorCode and is not a StatusNotification: neither rule sees it.
        #expect(got == ["1:any-of", "3:no-error-only"])
    }

    @Test func notMatchesAbsentFieldsAndExistsTestsPresence() throws {
        let rules = """
            rules:
              - id: not-acme
                when: { status: Faulted, vendorId: { not: Acme } }
                then: { cause: c, action: monitor }
              - id: has-vendor-code
                when: { status: Unavailable, vendorErrorCode: { exists: true } }
                then: { cause: c, action: monitor }
              - id: no-vendor-code
                when: { status: Unavailable, vendorErrorCode: { exists: false } }
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: OtherError }
            - { at: "+1m", status: Faulted, errorCode: OtherError, vendorId: Acme }
            - { at: "+1m", status: Faulted, errorCode: OtherError, vendorId: Other }
            - { at: "+1m", status: Unavailable, vendorErrorCode: E1 }
            - { at: "+1m", status: Unavailable }
            """)
        #expect(got == ["0:not-acme", "2:not-acme", "3:has-vendor-code", "4:no-vendor-code"])
    }

    @Test func stringTestsRegexPrefixContains() throws {
        let rules = """
            rules:
              - id: by-regex
                when: { vendorErrorCode: { regex: "^E4[0-9]$" } }
                then: { cause: c, action: monitor }
              - id: by-prefix
                when: { vendorErrorCode: { prefix: "F0" } }
                then: { cause: c, action: monitor }
              - id: by-contains
                when: { info: { contains: RCD } }
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: OtherError, vendorErrorCode: E42 }
            - { at: "+1m", status: Faulted, errorCode: OtherError, vendorErrorCode: E420 }
            - { at: "+1m", status: Faulted, errorCode: OtherError, vendorErrorCode: F003 }
            - { at: "+1m", status: Faulted, errorCode: GroundFailure, info: "RCD tripped" }
            """)
        #expect(got == ["0:by-regex", "2:by-prefix", "3:by-contains"])
    }

    @Test func numericTestsCombineAndReadNumericStrings() throws {
        let rules = """
            rules:
              - id: connector-range
                when: { type: MeterValues, connectorId: { gte: 2, lte: 3 } }
                then: { cause: c, action: monitor }
              - id: hot
                when: { type: MeterValues, payload.meterValue.sampledValue.value: { gt: 80 }, payload.meterValue.sampledValue.measurand: Temperature }
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: MeterValues, connectorId: 1, payload: { meterValue: [ { sampledValue: [ { value: "81.5", measurand: Temperature } ] } ] } }
            - { at: "+1m", type: MeterValues, connectorId: 2, payload: { meterValue: [ { sampledValue: [ { value: "20", measurand: Temperature } ] } ] } }
            - { at: "+1m", type: MeterValues, connectorId: 4, payload: { meterValue: [ { sampledValue: [ { value: "10", measurand: Voltage }, { value: "95", measurand: Temperature } ] } ] } }
            """)
        // Event 0: "81.5" (a string, as OCPP sends it) > 80 and Temperature appears on the path.
        // Event 1: connector 2 is in range, too cool. Event 2: an array fans out: one element is > 80.
        #expect(got == ["0:hot", "1:connector-range", "2:hot"])
    }

    @Test func payloadPathWithNumericIndexSelectsOneElement() throws {
        let rules = """
            rules:
              - id: first-is-soc
                when: { type: MeterValues, payload.meterValue.0.sampledValue.0.measurand: SoC }
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: MeterValues, payload: { meterValue: [ { sampledValue: [ { measurand: SoC } ] } ] } }
            - { at: "+1m", type: MeterValues, payload: { meterValue: [ { sampledValue: [ { measurand: Voltage }, { measurand: SoC } ] } ] } }
            """)
        #expect(got == ["0:first-is-soc"])
    }

    @Test func plainNumberMatchesNumberOrStringQuotedOnlyString() throws {
        let rules = """
            rules:
              - id: plain
                when: { type: DataTransfer, payload.code: 7 }
                then: { cause: c, action: monitor }
              - id: quoted
                when: { type: DataTransfer, payload.code: "8" }
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: DataTransfer, payload: { code: 7 } }
            - { at: "+1m", type: DataTransfer, payload: { code: "7" } }
            - { at: "+1m", type: DataTransfer, payload: { code: 8 } }
            - { at: "+1m", type: DataTransfer, payload: { code: "8" } }
            """)
        #expect(got == ["0:plain", "1:plain", "3:quoted"])
    }

    @Test func emptyMatcherMatchesEveryEvent() throws {
        let rules = """
            rules:
              - id: everything
                when: {}
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: Heartbeat }
            - { at: "+1m", status: Available }
            """)
        #expect(got == ["0:everything", "1:everything"])
    }

    @Test func statusChangedIgnoresRepeatsOfTheSameStatus() throws {
        let rules = """
            rules:
              - id: changed-fault
                when: { status: Faulted, statusChanged: true }
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: GroundFailure }
            - { at: "+1m", status: Faulted, errorCode: GroundFailure }
            - { at: "+1m", status: Faulted, errorCode: OverVoltage }
            """)
        #expect(got == ["0:changed-fault", "2:changed-fault"])
    }

    @Test func pathsEndingOnAnArraySearchItsElementsAndTypedFieldsIgnoreQuotes() throws {
        let rules = """
            rules:
              - id: tagged
                when: { type: DataTransfer, payload.tags: foo }
                then: { cause: c, action: monitor }
              - id: quoted-connector
                when: { status: Faulted, connectorId: "2", statusChanged: "true" }
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: DataTransfer, payload: { tags: [bar, foo] } }
            - { at: "+1m", type: DataTransfer, payload: { tags: [bar] } }
            - { at: "+1m", connectorId: 2, status: Faulted, errorCode: OtherError }
            """)
        #expect(got == ["0:tagged", "2:quoted-connector"])
    }
}

/// Equality conditions compare lengths first where that cannot change the answer.
@Suite struct LiteralEqualityTests {
    @Test func equalTextMatchesWhateverItsSpelling() {
        func holds(_ literal: String, _ value: String) -> Bool {
            Condition.equals(Literal(text: literal, quoted: true)).matches(FieldValue.string(value))
        }
        #expect(holds("Faulted", "Faulted") && !holds("Faulted", "Faulte") && !holds("Faulted", "Faulted ") && !holds("Faulted", "Faultee"))
        // Canonically equal spellings of another length still match, both ways round.
        #expect(holds("CP-K1", "CP-\u{212A}1") && holds("a;b", "a\u{037E}b") && holds("x`", "x\u{1FEF}"))
        #expect(holds("caf\u{E9}", "cafe\u{301}") && holds("cafe\u{301}", "caf\u{E9}"))
        #expect(!holds("CP-K1", "CP-\u{212A}2"))
        // The flag follows the text when it is changed.
        var literal = Literal(text: "Faulted", quoted: true)
        literal.text = "K"
        #expect(Condition.equals(literal).matches(FieldValue.string("\u{212A}")))
    }
}
