/// Evaluating a rule at a trigger: `when`, then each history clause (DESIGN §4).
///
/// `process` and `explain` both go through ``evaluate(_:_:_:_:_:_:tracing:)`` and
/// ``holds(_:_:_:_:_:)``; tracing only records what these functions decide, so an
/// explanation cannot drift from evaluation.
extension Evaluator {
    /// With `trace` set, every clause is evaluated (not only up to the first that fails)
    /// and recorded; the verdict is the same AND either way.
    func evaluate(
        _ compiled: CompiledPack.CompiledRule, _ trigger: Event, _ sequence: Int64, _ context: MatchContext,
        _ state: ChargePointState, previous: inout PreviousStatuses,
        tracing trace: TraceBox?
    ) -> RuleMatch? {
        let tracing = trace != nil
        let whenHolds: Bool
        if let memoized = memo.when(compiled.whenId, at: sequence) {
            whenHolds = memoized
        } else {
            // Routed candidates need only the conditions routing did not decide.
            whenHolds = options.routing && !tracing ? compiled.routedWhen.matches(trigger, context) : compiled.rule.when.matches(trigger, context)
            memo.setWhen(compiled.whenId, at: sequence, whenHolds)
        }
        if tracing {
            trace!.value.when = compiled.rule.when.trace(trigger, context)
            trace!.value.whenHolds = whenHolds
        }
        guard whenHolds || tracing else { return nil }
        var match = RuleMatch(ruleIndex: compiled.index, count: nil, evidence: [])
        var all = whenHolds
        for (i, clause) in compiled.clauses.enumerated() {
            if !tracing, memo.clauseFailed(clause.id, at: sequence) { return nil }
            let outcome: ClauseOutcome
            if !tracing, let memoized = memo.clause(clause.id, at: sequence) {
                outcome = memoized
            } else {
                outcome = holds(clause, trigger, sequence, state, previous: &previous,
                                exhaustive: tracing)
                if !tracing { memo.setClause(clause.id, at: sequence, outcome) }
            }
            if tracing { trace!.value.history.append(ClauseTrace(compiled.rule.history[i], outcome)) }
            if outcome.holds {
                if match.count == nil, let c = outcome.count { match.count = c }
                match.evidence += outcome.evidence
            } else {
                all = false
                if !tracing { return nil }
            }
        }
        if tracing { trace!.value.matched = all }
        guard all else { return nil }
        match.evidence = Array(Set(match.evidence)).sorted { ($0.timestamp, $0.source.file, $0.source.line) < ($1.timestamp, $1.source.file, $1.source.line) }
        return match
    }

    /// Whether a stored event is in the clause's scope for this trigger. Connector scope
    /// sees the trigger's connector and events that carry no connector. Connectors are told
    /// apart by ``ChargePointState/key(_:)``, as the newest-event lists and connector states are.
    @inline(__always)
    static func visible(_ stored: StoredEvent, to trigger: Event, _ scope: Scope) -> Bool {
        scope == .chargePoint || stored.connectorId == nil
            || ChargePointState.key(stored.connectorId) == ChargePointState.key(trigger.connectorId)
    }

    /// Most events a single clause cites, newest first; counts are exact regardless.
    static let evidenceLimit = 20

    /// What one history clause found at a trigger: whether it holds, and what it saw
    /// (the count, the previous status, the sequence steps found) even when it does not.
    struct ClauseOutcome {
        var holds: Bool
        /// Count clauses: the events counted (the trigger included when it matches).
        var count: Int?
        var evidence: [Evidence] = []
        /// Count clauses: the trigger itself is among the events counted.
        var triggerCounted = false
        /// Previous clauses: the status event looked at, and whether it was too old.
        var previous: StatusRecord?
        var previousTooOld = false
        /// Sequence clauses: how many steps were found in order.
        var stepsFound = 0
    }

    func holds(
        _ clause: CompiledPack.CompiledClause, _ trigger: Event, _ sequence: Int64,
        _ state: ChargePointState, previous: inout PreviousStatuses,
        exhaustive: Bool = true
    ) -> ClauseOutcome {
        let t = trigger.timestamp
        switch clause.kind {
        case let .count(m, within, atLeast, atMost):
            let from = t - within
            if pack.recentKeep[m] != nil {
                // Only an upper bound: the newest atMost+1 visible events decide it.
                let (counted, triggerCounted) = state.recent[m]?.count(to: trigger.connectorId, clause.scope, from: from, to: t, trigger: sequence)
                    ?? (0, false)
                var ok = true
                if let atLeast, counted < atLeast { ok = false }
                if let atMost, counted > atMost { ok = false }
                // Evidence is built only for a clause that holds (or is explained).
                guard ok || exhaustive else { return ClauseOutcome(holds: false, count: counted) }
                let visible = state.recent[m]?.visible(to: trigger.connectorId, clause.scope) ?? []
                let evidence = visible.reversed().filter { $0.timestamp <= t && $0.timestamp >= from && $0.sequence != sequence }
                    .map { Evidence(source: source(of: $0), timestamp: $0.timestamp) }
                return ClauseOutcome(holds: ok, count: counted, evidence: evidence, triggerCounted: triggerCounted)
            }
            var count = 0
            var cited: [StoredEvent] = []
            var triggerCounted = false
            // Past the upper bound the clause has failed: unless every detail is wanted
            // (explain), stop counting there. Silence rules (`count: {}` … `atMost: 1`) stay cheap.
            let stopAbove = exhaustive ? Int.max : (atMost ?? Int.max)
            // Events this pattern matched sit in its own tier or a longer one. Empty tiers
            // (most of them, most of the time) are passed over by index: taking each tier out
            // of the array retained and released it (measured).
            let tiers = state.history.tiers
            scan: for k in pack.matcherTier[m]..<tiers.count where !tiers[k].isEmpty {
                var citedHere = 0
                for stored in tiers[k].reversed() {
                    if stored.timestamp > t { continue }
                    if stored.timestamp < from { break }
                    guard stored.matched.contains(m), Evaluator.visible(stored, to: trigger, clause.scope) else { continue }
                    count += 1
                    if count > stopAbove { break scan }
                    if stored.sequence == sequence {
                        triggerCounted = true
                    } else if citedHere < Evaluator.evidenceLimit {
                        citedHere += 1
                        cited.append(stored)
                    }
                }
            }
            var ok = true
            if let atLeast, count < atLeast { ok = false }
            if let atMost, count > atMost { ok = false }
            guard ok || exhaustive else { return ClauseOutcome(holds: false, count: count) }
            if state.history.tiers.count > 1 { cited.sort { $0.timestamp > $1.timestamp } }
            let evidence = cited.prefix(Evaluator.evidenceLimit).map { Evidence(source: source(of: $0), timestamp: $0.timestamp) }
            return ClauseOutcome(holds: ok, count: count, evidence: evidence, triggerCounted: triggerCounted)

        case let .previous(m, within):
            let record = clause.scope == .chargePoint ? previous.ofAnyConnector() : previous.ofConnector()
            guard let record else { return ClauseOutcome(holds: false) }
            if let within, record.event.timestamp < t - within {
                return ClauseOutcome(holds: false, previous: record, previousTooOld: true)
            }
            guard m.matches(record.event, MatchContext(statusChanged: record.statusChanged)) else {
                return ClauseOutcome(holds: false, previous: record)
            }
            return ClauseOutcome(holds: true, evidence: [Evidence(source: record.event.source, timestamp: record.event.timestamp)], previous: record)

        case let .sequence(steps, within):
            let from = t - within
            var next = 0
            var cited: [Evidence] = []
            if steps.count == 1, pack.recentKeep[steps[0]] != nil {
                // One step: the newest matching event before the trigger, if it is in the window.
                let found = (state.recent[steps[0]]?.visible(to: trigger.connectorId, clause.scope) ?? []).last {
                    $0.sequence != sequence && $0.timestamp <= t && $0.timestamp >= from
                }
                guard let found else { return ClauseOutcome(holds: false, stepsFound: 0) }
                return ClauseOutcome(holds: true, evidence: [Evidence(source: source(of: found), timestamp: found.timestamp)], stepsFound: 1)
            }
            // The window's events of every tier a step can be in, in time order.
            let lowest = steps.map { pack.matcherTier[$0] }.min() ?? 0
            var window: [StoredEvent] = []
            let tiers = state.history.tiers
            for k in lowest..<tiers.count where !tiers[k].isEmpty {
                for stored in tiers[k].reversed() {
                    if stored.timestamp > t || stored.sequence == sequence { continue }
                    if stored.timestamp < from { break }
                    if Evaluator.visible(stored, to: trigger, clause.scope) { window.append(stored) }
                }
            }
            window.sort { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
            // Greedy earliest matching finds an in-order subsequence whenever one exists.
            for stored in window where next < steps.count && stored.matched.contains(steps[next]) {
                cited.append(Evidence(source: source(of: stored), timestamp: stored.timestamp))
                next += 1
            }
            return ClauseOutcome(holds: next == steps.count, evidence: cited, stepsFound: next)
        }
    }

    /// The ranking order (DESIGN §4): priority (high first), then specificity (more first), then pack order.
    static func ranksBefore(_ a: Rule, _ ai: Int, _ b: Rule, _ bi: Int) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        if a.specificity != b.specificity { return a.specificity > b.specificity }
        return ai < bi
    }

    /// Why `a` ranks above `b` (the first criterion that separates them).
    static func rankingReason(_ a: Rule, _ ai: Int, above b: Rule, _ bi: Int) -> String {
        if a.priority != b.priority { return "priority \(a.priority) > \(b.priority)" }
        if a.specificity != b.specificity {
            return "same priority \(a.priority); specificity \(a.specificity) > \(b.specificity)"
        }
        return "same priority \(a.priority) and specificity \(a.specificity); earlier in the pack (\(a.location) before \(b.location))"
    }

    func rank(_ matches: [RuleMatch]) -> [RuleMatch] {
        matches.sorted { a, b in
            Evaluator.ranksBefore(pack.rules[a.ruleIndex].rule, a.ruleIndex, pack.rules[b.ruleIndex].rule, b.ruleIndex)
        }
    }

    /// Ranks matches (priority, then specificity, then pack order) into one diagnosis.
    func diagnosis(for matches: [RuleMatch], trigger: Event, at time: Timestamp, forDuration: TimeSpan? = nil) -> Diagnosis? {
        guard !matches.isEmpty else { return nil }
        let ranked = rank(matches)
        let top = ranked[0]
        let rule = pack.rules[top.ruleIndex].rule
        let message = rule.then.message?.render { placeholder in
            switch placeholder {
            case .chargePointId: trigger.chargePointId
            case .connectorId: trigger.connectorId.map(String.init)
            case .status: trigger.status
            case .errorCode: trigger.errorCode
            case .vendorErrorCode: trigger.vendorErrorCode
            case .info: trigger.info
            case .timestamp: time.iso8601
            case .count: top.count.map(String.init)
            case .duration: rule.forDuration?.description
            }
        }
        let alternatives = ranked.dropFirst().map { m in
            let r = pack.rules[m.ruleIndex].rule
            return Alternative(ruleId: r.id, action: r.then.action, severity: r.then.severity, cause: r.then.cause)
        }
        return Diagnosis(
            chargePointId: trigger.chargePointId, connectorId: trigger.connectorId, timestamp: time, trigger: trigger,
            ruleId: rule.id, title: rule.title, cause: rule.then.cause, action: rule.then.action,
            severity: rule.then.severity, message: message, alternatives: alternatives, evidence: top.evidence,
            rulesetHash: pack.hash, forDuration: forDuration,
            episode: states[trigger.chargePointId]?.connectors[ChargePointState.key(trigger.connectorId)]?.episode ?? 0)
    }
}

/// A rule's trace under construction, by reference: the per-candidate loop passes 8 bytes
/// (nil when not explaining) instead of moving a large optional struct for every rule.
final class TraceBox {
    var value: RuleTrace
    init(_ value: RuleTrace) { self.value = value }
}
