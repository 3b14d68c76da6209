import Testing

@testable import OCPPDiagnostics

@Suite struct HistoryTests {
    static let recurring = """
        rules:
          - id: recurring
            when: { status: Faulted, errorCode: GroundFailure }
            history:
              - count: { status: Faulted, errorCode: GroundFailure }
                within: 1h
                atLeast: 3
            then: { cause: c, action: maintenance_ticket, message: "{{count}} faults on {{chargePointId}}/{{connectorId}}" }
        """

    @Test func countIncludesTheTriggerAndTheWindowStartIsInclusive() throws {
        let (seen, diagnoses) = try scenario(Self.recurring, events: """
            - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: GroundFailure }
            - { at: "+30m", status: Faulted, errorCode: GroundFailure }
            - { at: "2026-03-01T09:00:00Z", status: Faulted, errorCode: GroundFailure }
            """)
        // Exactly 1h after the first: [trigger − 1h, trigger] still holds it.
        #expect(seen.map(\.event) == [2])
        #expect(diagnoses[0].message == "3 faults on CP-TEST/1")
        #expect(diagnoses[0].evidence.map(\.source.line).count == 2)
    }

    @Test func countOutsideTheWindowDoesNotHold() throws {
        let (seen, _) = try scenario(Self.recurring, events: """
            - { at: "2026-03-01T08:00:00Z", status: Faulted, errorCode: GroundFailure }
            - { at: "+30m", status: Faulted, errorCode: GroundFailure }
            - { at: "2026-03-01T09:00:00.001Z", status: Faulted, errorCode: GroundFailure }
            """)
        #expect(seen.isEmpty)
    }

    @Test func atMostZeroExpressesAbsence() throws {
        let rules = """
            rules:
              - id: reboot-without-reset
                when: { type: BootNotification }
                history:
                  - count: { type: Reset, messageType: call }
                    within: 10m
                    atMost: 0
                then: { cause: c, action: maintenance_ticket }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: BootNotification }
            - { at: "+1m", type: Reset, payload: { type: Soft } }
            - { at: "+1m", type: BootNotification }
            - { at: "+20m", type: BootNotification }
            """)
        #expect(got == ["0:reboot-without-reset", "3:reboot-without-reset"])
    }

    @Test func previousIsTheConnectorsLastStatusEvent() throws {
        let rules = """
            rules:
              - id: charging-to-preparing
                when: { status: Preparing }
                history:
                  - previous: { status: Charging }
                then: { cause: c, action: monitor }
              - id: quick-recovery
                when: { status: Available }
                history:
                  - previous: { status: Faulted }
                    within: 5m
                then: { cause: c, action: none }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", status: Preparing }
            - { at: "+1m", status: Charging }
            - { at: "+1m", type: Heartbeat }
            - { at: "+1m", status: Preparing }
            - { at: "+1m", status: Faulted, errorCode: InternalError }
            - { at: "+2m", status: Available }
            - { at: "+1m", status: Faulted, errorCode: InternalError }
            - { at: "+10m", status: Available }
            """)
        // Event 0 has no previous status (false); the Heartbeat in between is not a status event.
        #expect(got == ["3:charging-to-preparing", "5:quick-recovery"])
    }

    @Test func sequenceMustBeInOrderAndWithinTheWindowBeforeTheTrigger() throws {
        let rules = """
            rules:
              - id: fault-after-reset
                when: { status: Faulted }
                history:
                  - sequence:
                      - { type: Reset, messageType: call }
                      - { type: BootNotification }
                    within: 30m
                then: { cause: c, action: maintenance_ticket }
            """
        let inOrder = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: Reset, payload: { type: Hard } }
            - { at: "+2m", type: BootNotification }
            - { at: "+5m", status: Faulted, errorCode: InternalError }
            - { at: "+40m", status: Faulted, errorCode: InternalError }
            """)
        #expect(inOrder == ["2:fault-after-reset"])
        let reversed = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: BootNotification }
            - { at: "+2m", type: Reset, payload: { type: Hard } }
            - { at: "+5m", status: Faulted, errorCode: InternalError }
            """)
        #expect(reversed.isEmpty)
    }

    @Test func connectorScopeIsolatesConnectorsAndConnectorZero() throws {
        let rules = """
            rules:
              - id: second-fault-here
                when: { status: Faulted }
                history:
                  - count: { status: Faulted }
                    within: 1h
                    atLeast: 2
                then: { cause: c, action: monitor }
              - id: second-fault-anywhere
                priority: -1
                when: { status: Faulted }
                history:
                  - count: { status: Faulted }
                    within: 1h
                    atLeast: 2
                    scope: chargePoint
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", connectorId: 0, status: Faulted, errorCode: InternalError }
            - { at: "+1m", connectorId: 1, status: Faulted, errorCode: InternalError }
            - { at: "+1m", connectorId: 2, status: Faulted, errorCode: InternalError }
            - { at: "+1m", connectorId: 0, status: Faulted, errorCode: OverVoltage }
            """)
        // Connectors 1 and 2 see neither each other's faults nor connector 0's, except in charge-point scope.
        #expect(got == ["1:second-fault-anywhere", "2:second-fault-anywhere", "3:second-fault-here"])
    }

    @Test func connectorScopeSeesChargePointWideEvents() throws {
        let rules = """
            rules:
              - id: fault-after-boot
                when: { status: Faulted }
                history:
                  - count: { type: BootNotification }
                    within: 10m
                    atLeast: 1
                then: { cause: c, action: monitor }
            """
        let got = try fired(rules, events: """
            - { at: "2026-03-01T08:00:00Z", type: BootNotification }
            - { at: "+1m", connectorId: 2, status: Faulted, errorCode: InternalError }
            """)
        #expect(got == ["1:fault-after-boot"])
    }

    @Test func anUpperBoundCountsWhatItsScopeSees() throws {
        // Only an upper bound: the pattern's newest events are kept apart from the history
        // tiers (see RecentEvents). A connector sees its own events and those of no connector.
        func rules(_ scope: String) -> String {
            """
            rules:
              - id: quiet-before
                when: { status: Faulted }
                history:
                  - count: { messageType: call }
                    within: 10m
                    atMost: 1
                    scope: \(scope)
                then: { cause: c, action: monitor }
            """
        }
        let events = """
            - { at: "2026-03-01T08:00:00Z", type: BootNotification }
            - { at: "+1m", type: Heartbeat }
            - { at: "+1m", connectorId: 2, status: Faulted, errorCode: InternalError }
            - { at: "2026-03-01T08:30:00Z", connectorId: 1, status: Faulted, errorCode: InternalError }
            - { at: "+1m", connectorId: 2, status: Faulted, errorCode: InternalError }
            """
        #expect(try fired(rules("connector"), events: events) == ["3:quiet-before", "4:quiet-before"])
        #expect(try fired(rules("chargePoint"), events: events) == ["3:quiet-before"])
    }

    /// Which of a minute-apart series of faults on `connectors` fire a rule counting the faults
    /// of the last ten minutes with `bound`, built as the library's own events.
    static func faultsFiring(_ bound: String, on connectors: [Int?]) throws -> [Int] {
        let pack = try loadPack("""
            rules:
              - id: faults
                when: { status: Faulted }
                history:
                  - count: { status: Faulted }
                    within: 10m
                    \(bound)
                then: { cause: c, action: monitor }
            """)
        let evaluator = Evaluator(pack: pack)
        let t = Timestamp.parse("2026-03-01T08:00:00Z")!
        var fired: [Int] = []
        for (i, connector) in connectors.enumerated() {
            let e = Event(timestamp: t + .minutes(Int64(i)), chargePointId: "CP", connectorId: connector, type: "StatusNotification",
                          status: "Faulted", errorCode: "InternalError", source: SourceRef(file: "t", line: i + 1))
            fired += evaluator.process(e).map { _ in i }
        }
        return fired
    }

    @Test func aConnectorNumberedLikeTheNoConnectorMarkIsAConnectorOfItsOwn() throws {
        // Int.min is the engine's mark for "no connector": an event whose connector is Int.min
        // (possible through the library's Event) must not share state with events naming none.
        // The second Int.min fault sees the first (and, as every connector does, the one naming none).
        #expect(try Self.faultsFiring("atMost: 1", on: [Int.min, nil, Int.min]) == [0, 1])
        // Read from a log, such an id is out of range: it names no connector.
        #expect(JSONValue.string("-9223372036854775808").intValue == nil)
        #expect(JSONValue.string("9000000000000000").intValue == nil && JSONValue.number(9e15).intValue == nil)
        #expect(JSONValue.string("-8999999999999999").intValue == -8_999_999_999_999_999)
    }

    @Test func countingInPlaceAgreesWithTheVisibleEvents() {
        // RecentEvents.count against counting what visible(to:_:) lists, on random lists with
        // late events, equal times and window edges.
        var rng = SplitMix(state: 11)
        let connectors: [Int?] = [nil, 0, 1, 2]
        for _ in 0..<2_000 {
            var recent = RecentEvents(scopes: [.chargePoint, .connector])
            let keep = 1 + Int(rng.next() % 4)
            for sequence in 0..<Int64(rng.next() % 12) {
                let stored = StoredEvent(sequence: sequence, timestamp: Timestamp(millisecondsSinceEpoch: Int64(rng.next() % 20) * 1000),
                                         connectorId: connectors[Int(rng.next() % 4)], matched: BitSet(), file: 0, line: 0)
                recent.add(RecentEvents.RecentEvent(stored), keep: keep)
            }
            let from = Timestamp(millisecondsSinceEpoch: Int64(rng.next() % 20) * 1000)
            let to = from + .seconds(Int64(rng.next() % 10))
            let trigger = Int64(rng.next() % 12)
            for scope in [Scope.chargePoint, .connector] {
                for connector in connectors {
                    let seen = recent.visible(to: connector, scope).filter { $0.timestamp >= from && $0.timestamp <= to }
                    let got = recent.count(to: connector, scope, from: from, to: to, trigger: trigger)
                    #expect(got.count == seen.count && got.triggerCounted == seen.contains { $0.sequence == trigger })
                }
            }
        }
    }

    @Test func theTieredAndTheNewestEventPathsTellConnectorsApartAlike() throws {
        // A count read from the tiers (atLeast) and one read from the newest-event lists
        // (atMost only) must see the same events: connectors are told apart the same way.
        for connectors in [[5, 6], [Int.min + 1, Int.min], [nil, 3], [3, nil]] as [[Int?]] {
            let seenTwice = try Self.faultsFiring("atLeast: 2", on: connectors)
            let seenOnce = try Self.faultsFiring("atMost: 1", on: connectors)
            #expect(Set(seenTwice).isDisjoint(with: seenOnce) && Set(seenTwice).union(seenOnce) == [0, 1], "\(connectors)")
        }
    }

    @Test func historyIsPerChargePoint() throws {
        let got = try fired(Self.recurring, events: """
            - { at: "2026-03-01T08:00:00Z", chargePointId: A, status: Faulted, errorCode: GroundFailure }
            - { at: "+1m", chargePointId: B, status: Faulted, errorCode: GroundFailure }
            - { at: "+1m", chargePointId: A, status: Faulted, errorCode: GroundFailure }
            - { at: "+1m", chargePointId: B, status: Faulted, errorCode: GroundFailure }
            - { at: "+1m", chargePointId: A, status: Faulted, errorCode: GroundFailure }
            """)
        #expect(got == ["4:recurring"])
    }

    @Test func eventsStayOnlyAsLongAsTheLongestWindowThatMatchedThem() throws {
        let pack = try loadPack("""
            rules:
              - id: busy-hour
                when: { type: Heartbeat }
                history:
                  - count: {}
                    within: 1h
                    atLeast: 3
                    scope: chargePoint
                then: { cause: c, action: monitor }
              - id: fault-again-within-a-day
                when: { status: Faulted }
                history:
                  - count: { status: Faulted }
                    within: 1d
                    atLeast: 2
                then: { cause: c, action: maintenance_ticket }
            """)
        let evaluator = Evaluator(pack: pack)
        func at(_ minutes: Int64, _ type: String, status: String? = nil) -> [Diagnosis] {
            let t = Timestamp(millisecondsSinceEpoch: 1_772_352_000_000 + minutes * 60_000)
            let e = Event(timestamp: t, chargePointId: "CP", connectorId: status == nil ? nil : 1, type: type, status: status,
                          errorCode: status == nil ? nil : "InternalError", source: SourceRef(file: "log", line: Int(minutes)))
            return evaluator.process(e)
        }
        _ = at(0, "StatusNotification", status: "Faulted")
        // The fault (kept for a day) is counted by the hour-long pattern too.
        #expect(at(1, "Heartbeat").isEmpty)
        #expect(at(2, "Heartbeat").map(\.ruleId) == ["busy-hour"])
        for m in stride(from: 10, through: 1200, by: 10) { _ = at(Int64(m), "Heartbeat") }
        // Twenty hours of heartbeats: only the last hour of them is kept, and the fault.
        #expect(evaluator.states["CP"]!.history.count <= 8)
        #expect(at(1210, "StatusNotification", status: "Faulted").map(\.ruleId) == ["fault-again-within-a-day"])
    }
}
