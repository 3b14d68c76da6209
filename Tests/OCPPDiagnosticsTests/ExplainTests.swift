import Testing

@testable import OCPPDiagnostics

/// `explain` runs the evaluator's own code: these tests hold its verdicts against plain
/// evaluation on generated streams, and check the near-miss, timer and ranking texts.
@Suite struct ExplainTests {
    static let rules = """
        rules:
          - id: gf-first
            priority: 10
            when: { status: Faulted, errorCode: GroundFailure }
            then: { cause: c, action: monitor }
          - id: faulted-any
            priority: 10
            when: { status: Faulted, errorCode: { not: NoError } }
            then: { cause: c, action: trigger_status }
          - id: gf-recurring
            priority: 20
            when: { status: Faulted, errorCode: GroundFailure }
            history:
              - count: { status: Faulted, errorCode: GroundFailure, statusChanged: true }
                within: 2h
                atLeast: 3
            then: { cause: c, action: maintenance_ticket }
          - id: after-reset
            priority: 15
            when: { status: Faulted }
            history:
              - count: { type: Reset }
                within: 30m
                atLeast: 1
            then: { cause: c, action: hard_reset }
          - id: from-charging
            when: { status: Faulted }
            history:
              - previous: { status: Charging }
                within: 1h
            then: { cause: c, action: replug }
          - id: boot-then-fault
            priority: 30
            when: { status: Faulted, errorCode: InternalError }
            history:
              - sequence: [ { type: BootNotification }, { status: Available } ]
                within: 20m
            then: { cause: c, action: update_firmware }
          - id: quiet-recovery
            when: { status: Available }
            history:
              - count: { status: Faulted }
                within: 1h
                atMost: 0
                scope: chargePoint
            then: { cause: c, action: none }
          - id: noisy-heartbeat
            when: { type: Heartbeat }
            history:
              - count: { status: Faulted }
                within: 1h
                atLeast: 2
                scope: chargePoint
            then: { cause: c, action: monitor }
          - id: stuck-preparing
            when: { status: Preparing }
            for: 10m
            then: { cause: c, action: check_authorization }
          - id: stuck-faulted
            priority: 5
            when: { status: Faulted }
            for: 10m
            then: { cause: c, action: set_inoperative }
        """

    /// A small deterministic generator (no Foundation randomness, so failures reproduce).
    struct LCG {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static func stream(seed: UInt64, count: Int) -> [Event] {
        var rng = LCG(state: seed)
        var t = Timestamp.parse("2026-03-01T08:00:00Z")!
        var out: [Event] = []
        for line in 1...count {
            t = t + .seconds(Int64(rng.next(20 * 60)))
            let cp = ["CP-A", "CP-B"][rng.next(2)]
            let source = SourceRef(file: "gen.jsonl", line: line)
            switch rng.next(10) {
            case 0: out.append(Event(timestamp: t, chargePointId: cp, type: "BootNotification", source: source))
            case 1: out.append(Event(timestamp: t, chargePointId: cp, type: "Reset", direction: .out, source: source))
            case 2: out.append(Event(timestamp: t, chargePointId: cp, type: "Heartbeat", source: source))
            default:
                let status = ["Available", "Preparing", "Charging", "Faulted", "Faulted"][rng.next(5)]
                let code = status == "Faulted" ? ["NoError", "GroundFailure", "InternalError"][rng.next(3)] : "NoError"
                out.append(Event(timestamp: t, chargePointId: cp, connectorId: 1 + rng.next(2), type: "StatusNotification",
                                 status: status, errorCode: code, source: source))
            }
        }
        return out
    }

    static func key(_ d: Diagnosis) -> String {
        "\(d.trigger.source) \(d.ruleId) @\(d.timestamp.iso8601) alt \(d.alternatives.map(\.ruleId))"
    }

    @Test(arguments: [1, 2, 3, 42, 2026] as [UInt64])
    func explainingChangesNothingAndAgreesWithEvaluation(seed: UInt64) throws {
        let pack = try loadPack(Self.rules)
        let events = Self.stream(seed: seed, count: 300)

        let expected = evaluated(events, pack: pack)

        let traced = Evaluator(pack: pack)
        var got: [Diagnosis] = []
        var explanations: [Explanation] = []
        for e in events {
            let x = traced.explain(e)
            explanations.append(x)
            got += x.diagnoses
        }
        got += traced.finish()
        #expect(got.map(Self.key) == expected.map(Self.key))
        // The stream is varied enough to exercise most rules, history kinds and timers.
        #expect(Set(expected.map(\.ruleId)).count >= 6, "\(Set(expected.map(\.ruleId)))")

        for x in explanations {
            // The immediate diagnosis is the ranking's top, with the rest as alternatives.
            let immediate = x.diagnoses.first { $0.trigger.source == x.event.source && $0.forDuration == nil }
            #expect(immediate?.ruleId == x.topRuleId)
            #expect(immediate.map { [$0.ruleId] + $0.alternatives.map(\.ruleId) } ?? [] == x.ranking.map(\.ruleId))
            for r in x.rules {
                // The verdict is the AND of what the trace shows.
                #expect(r.matched == (r.whenHolds && r.history.allSatisfy(\.holds)), "\(r.ruleId) at \(x.event.source)")
                #expect(r.whenHolds == r.when.allSatisfy(\.passed))
                if r.forDuration == nil {
                    #expect(r.matched == x.ranking.contains { $0.ruleId == r.ruleId })
                } else {
                    #expect(r.matched == (r.timer != nil))
                }
            }
        }
    }

    /// Each rule alone, evaluated plainly, matches exactly at the events where the full
    /// pack's explanation says it matched (an independent check of every verdict).
    @Test(arguments: [7, 99] as [UInt64])
    func eachVerdictEqualsThatRuleEvaluatedAlone(seed: UInt64) throws {
        let pack = try loadPack(Self.rules)
        let events = Self.stream(seed: seed, count: 250)
        let traced = Evaluator(pack: pack)
        let explanations = events.map { traced.explain($0) }
        for (index, rule) in pack.rules.enumerated() where rule.forDuration == nil {
            var single = pack
            single.rules = [rule]
            let alone = Evaluator(pack: single)
            for (e, x) in zip(events, explanations) {
                let fired = alone.process(e).contains { $0.trigger.source == e.source }
                let said = x.rules.first { $0.packIndex == index }?.matched ?? false
                #expect(fired == said, "\(rule.id) at \(e.source)")
            }
        }
    }

    static func status(_ at: String, _ status: String, _ code: String = "NoError", line: Int, connector: Int = 1) -> Event {
        Event(timestamp: Timestamp.parse(at)!, chargePointId: "CP", connectorId: connector, type: "StatusNotification",
              status: status, errorCode: code, source: SourceRef(file: "log", line: line))
    }

    @Test func nearMissesSayHowCloseAClauseCame() throws {
        let pack = try loadPack(Self.rules)
        let ev = Evaluator(pack: pack)
        _ = ev.process(Self.status("2026-03-01T08:00:00Z", "Faulted", "GroundFailure", line: 1))
        _ = ev.process(Self.status("2026-03-01T08:10:00Z", "Available", line: 2))
        let x = ev.explain(Self.status("2026-03-01T08:20:00Z", "Faulted", "GroundFailure", line: 3))
        let recurring = try #require(x.rules.first { $0.ruleId == "gf-recurring" })
        #expect(!recurring.matched)
        #expect(recurring.history[0].detail == "2 of 3 within 2h")
        #expect(recurring.history[0].evidence.map(\.source.description) == ["log:1"])
        let previous = try #require(x.rules.first { $0.ruleId == "from-charging" })
        #expect(previous.history[0].detail == "previous status was Available/NoError at 2026-03-01T08:10:00.000Z (log:2), wanted {status: Charging}")
        #expect(previous.history[0].conditions.map(\.passed) == [true, false])
        let reset = try #require(x.rules.first { $0.ruleId == "after-reset" })
        #expect(reset.history[0].detail == "0 of 1 within 30m")
        let boot = try #require(x.rules.first { $0.ruleId == "boot-then-fault" })
        #expect(boot.when.map(\.passed) == [true, true, false])
        #expect(boot.when[2].actual == "GroundFailure")
        #expect(boot.history[0].detail == "0 of 2 steps in order within 20m; missing step 1 {type: BootNotification}")
        // Routed out by action and status: they cannot match a Faulted StatusNotification.
        #expect(x.notConsidered == ["quiet-recovery", "noisy-heartbeat", "stuck-preparing"])
    }

    @Test func rankingGivesTheReasonForEachPlace() throws {
        let pack = try loadPack(Self.rules)
        let ev = Evaluator(pack: pack)
        let x = ev.explain(Self.status("2026-03-01T08:00:00Z", "Faulted", "GroundFailure", line: 1))
        #expect(x.ranking.map(\.ruleId) == ["gf-first", "faulted-any"])
        #expect(x.ranking[0].belowPrevious == nil)
        #expect(x.ranking[1].belowPrevious == "same priority 10 and specificity 2; earlier in the pack (rules.yaml:2:5 before rules.yaml:6:5)")
        #expect(x.text.contains("1. gf-first (priority 10, specificity 2)  ← diagnosis"))
    }

    @Test func forRulesShowTheirTimer() throws {
        let pack = try loadPack(Self.rules)
        let ev = Evaluator(pack: pack)
        let first = ev.explain(Self.status("2026-03-01T08:00:00Z", "Preparing", line: 1))
        let timer = { (x: Explanation) in x.rules.first { $0.ruleId == "stuck-preparing" }?.timer }
        #expect(timer(first) == .started(deadline: Timestamp.parse("2026-03-01T08:10:00Z")!))
        let repeatBefore = ev.explain(Self.status("2026-03-01T08:05:00Z", "Preparing", line: 2))
        #expect(timer(repeatBefore) == .alreadyPending(since: Timestamp.parse("2026-03-01T08:00:00Z")!,
                                                        deadline: Timestamp.parse("2026-03-01T08:10:00Z")!,
                                                        trigger: SourceRef(file: "log", line: 1)))
        let repeatAfter = ev.explain(Self.status("2026-03-01T08:15:00Z", "Preparing", line: 3))
        // Processing this event first brought stream time past the deadline: the timer fired.
        #expect(repeatAfter.diagnoses.map(\.ruleId) == ["stuck-preparing"])
        #expect(timer(repeatAfter) == .alreadyFired(status: "Preparing"))
        let heartbeat = ev.explain(Event(timestamp: Timestamp.parse("2026-03-01T08:16:00Z")!, chargePointId: "CP", type: "Heartbeat", source: SourceRef(file: "log", line: 4)))
        #expect(heartbeat.rules.map(\.ruleId) == ["noisy-heartbeat"])
    }

    @Test func jsonFormIsOneParsableObject() throws {
        let pack = try loadPack(Self.rules)
        let ev = Evaluator(pack: pack)
        let x = ev.explain(Self.status("2026-03-01T08:00:00Z", "Faulted", "GroundFailure", line: 1))
        guard case .object(let members)? = try? JSONParser.parse(x.json) else {
            Issue.record("not a JSON object: \(x.json)")
            return
        }
        #expect(members.map(\.0) == ["event", "late", "statusChanged", "previousStatus", "rules", "ranking", "diagnosis", "diagnoses", "notConsidered"])
    }

    @Test func lateEventsAreExplainedOnTheLatePath() throws {
        let pack = try loadPack(Self.rules)
        let plain = Evaluator(pack: pack), traced = Evaluator(pack: pack)
        let events = [
            Self.status("2026-03-01T08:00:00Z", "Faulted", "GroundFailure", line: 1),
            Self.status("2026-03-01T09:00:00Z", "Available", line: 2),
        ]
        for e in events {
            _ = plain.process(e)
            _ = traced.process(e)
        }
        let late = Self.status("2026-03-01T08:30:00Z", "Faulted", "GroundFailure", line: 3)
        let expected = plain.processLate(late)
        let x = traced.explain(late, late: true)
        #expect(x.late)
        #expect(x.diagnoses.map(Self.key) == expected.map(Self.key))
        #expect(x.topRuleId == expected.first?.ruleId)
        #expect(x.rules.first { $0.ruleId == "stuck-faulted" }?.timer == .lateEvent)
        #expect(x.text.contains("not evaluated: late event: starts no timer"))
    }
}
