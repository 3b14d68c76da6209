import Testing

@testable import OCPPDiagnostics

@Suite struct ForTests {
    static let stuck = """
        rules:
          - id: preparing-stuck
            when: { status: Preparing }
            for: 15m
            then: { cause: c, action: check_authorization, message: "Preparing for {{duration}} since {{timestamp}}" }
        """

    @Test func firesOnceTheStatusPersistedWithTimeTriggerPlusDuration() throws {
        let (seen, diagnoses) = try scenario(Self.stuck, events: """
            - { at: "2026-03-01T08:00:00Z", status: Preparing }
            - { at: "+5m", status: Preparing }
            - { at: "+20m", type: Heartbeat }
            - { at: "+1m", status: Preparing }
            """)
        // The repeat at +5m neither restarts nor duplicates; after firing, repeats start nothing.
        #expect(seen == [Seen(event: 0, rule: "preparing-stuck", time: "2026-03-01T08:15:00.000Z")])
        #expect(diagnoses[0].message == "Preparing for 15m since 2026-03-01T08:15:00.000Z")
        #expect(diagnoses[0].forDuration == .minutes(15))
    }

    @Test func anotherStatusCancelsIt() throws {
        let (seen, _) = try scenario(Self.stuck, events: """
            - { at: "2026-03-01T08:00:00Z", status: Preparing }
            - { at: "+14m", status: Charging }
            - { at: "+30m", type: Heartbeat }
            """)
        #expect(seen.isEmpty)
    }

    @Test func firesAtEndOfInputWhenTheLastEventTimeHasPassedTheDeadline() throws {
        let fires = try scenario(Self.stuck, events: """
            - { at: "2026-03-01T08:00:00Z", status: Preparing }
            - { at: "+15m", chargePointId: OTHER, type: Heartbeat }
            """)
        #expect(fires.seen.map(\.time) == ["2026-03-01T08:15:00.000Z"])
        let tooEarly = try scenario(Self.stuck, events: """
            - { at: "2026-03-01T08:00:00Z", status: Preparing }
            - { at: "+14m", chargePointId: OTHER, type: Heartbeat }
            """)
        #expect(tooEarly.seen.isEmpty)
    }

    @Test func aStatusChangeExactlyAtTheDeadlineStillFires() throws {
        let (seen, _) = try scenario(Self.stuck, events: """
            - { at: "2026-03-01T08:00:00Z", status: Preparing }
            - { at: "+15m", status: Available }
            """)
        #expect(seen.map(\.event) == [0])
    }

    @Test func forRulesFiringTogetherRankAsAlternatives() throws {
        let rules = """
            rules:
              - id: stuck-generic
                when: { status: Finishing }
                for: 1h
                then: { cause: c, action: trigger_status }
              - id: stuck-locked
                priority: 5
                when: { status: Finishing, connectorId: 1 }
                for: 1h
                then: { cause: c, action: unlock_connector }
              - id: stuck-longer
                when: { status: Finishing }
                for: 2h
                then: { cause: c, action: inform_driver }
              - id: immediate
                when: { status: Finishing }
                then: { cause: c, action: none }
            """
        let (seen, _) = try scenario(rules, events: """
            - { at: "2026-03-01T08:00:00Z", status: Finishing }
            - { at: "+3h", type: Heartbeat }
            """)
        #expect(seen == [
            Seen(event: 0, rule: "immediate", time: "2026-03-01T08:00:00.000Z"),
            Seen(event: 0, rule: "stuck-locked", time: "2026-03-01T09:00:00.000Z", alternatives: ["stuck-generic"]),
            Seen(event: 0, rule: "stuck-longer", time: "2026-03-01T10:00:00.000Z"),
        ])
    }
}

@Suite struct RankingTests {
    @Test func priorityThenSpecificityThenPackOrder() throws {
        let rules = """
            rules:
              - id: generic
                when: { status: Faulted }
                then: { cause: c, action: trigger_status }
              - id: specific
                when: { status: Faulted, errorCode: InternalError }
                then: { cause: c, action: soft_reset }
              - id: same-as-specific
                when: { status: Faulted, errorCode: InternalError }
                then: { cause: c, action: hard_reset }
              - id: urgent
                priority: 10
                when: { status: Faulted }
                then: { cause: c, action: maintenance_ticket }
            """
        let (seen, diagnoses) = try scenario(rules, events: """
            - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: InternalError }
            """)
        #expect(seen == [Seen(event: 0, rule: "urgent", time: "2026-03-01T08:00:00.000Z",
                              alternatives: ["specific", "same-as-specific", "generic"])])
        #expect(diagnoses[0].alternatives.map(\.action) == [.softReset, .hardReset, .triggerStatus])
    }

    @Test func historyClausesAddToSpecificity() throws {
        let rules = """
            rules:
              - id: plain
                when: { status: Faulted, errorCode: InternalError }
                then: { cause: c, action: soft_reset }
              - id: after-boot
                when: { status: Faulted }
                history:
                  - count: { type: BootNotification }
                    within: 1h
                    atLeast: 1
                  - previous: { status: Available }
                then: { cause: c, action: hard_reset }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: BootNotification }
            - { at: "+1m", status: Available }
            - { at: "+1m", status: Faulted, errorCode: InternalError }
            """)
        #expect(got == ["2:after-boot"])
    }
}

@Suite struct IncidentTests {
    @Test func anIncidentRunsUntilTheConnectorRecovers() throws {
        let (_, diagnoses) = try scenario("""
            rules:
              - id: fault
                when: { status: Faulted }
                then: { cause: c, action: soft_reset }
              - id: boot
                when: { type: BootNotification }
                then: { cause: c, action: monitor }
            """, events: """
            - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: InternalError }
            - { at: "+1m", status: Faulted, errorCode: OtherError }
            - { at: "+1m", status: Unavailable }
            - { at: "+1m", status: Faulted, errorCode: InternalError }
            - { at: "+1m", status: Available }
            - { at: "+1h", status: Faulted, errorCode: InternalError }
            - { at: "+1m", connectorId: 2, status: Faulted, errorCode: InternalError }
            - { at: "+1m", type: BootNotification }
            """)
        let incidents = Incident.group(diagnoses)
        // The charge point as a whole first, then each connector's incidents in time order.
        #expect(incidents.map(\.connectorId) == [nil, 1, 1, 2])
        #expect(incidents.map(\.diagnoses.count) == [1, 3, 1, 1])
        #expect(incidents[1].title == "CP-TEST connector 1, 2026-03-01T08:00:00.000Z to 2026-03-01T08:03:00.000Z")
    }
}
