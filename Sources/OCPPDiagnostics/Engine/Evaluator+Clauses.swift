import DequeModule

/// Evaluating a rule at a trigger: `when`, then each history clause (DESIGN §4).
extension Evaluator {
    func evaluate(
        _ compiled: CompiledPack.CompiledRule, _ trigger: Event, _ sequence: Int64, _ context: MatchContext,
        _ history: Deque<StoredEvent>, lastStatus: StatusRecord?, lastStatusAnyConnector: StatusRecord?
    ) -> RuleMatch? {
        guard compiled.rule.when.matches(trigger, context) else { return nil }
        var match = RuleMatch(ruleIndex: compiled.index, count: nil, evidence: [])
        for clause in compiled.clauses {
            guard holds(clause, trigger, sequence, history, lastStatus: lastStatus, lastStatusAnyConnector: lastStatusAnyConnector, into: &match)
            else { return nil }
        }
        match.evidence = Array(Set(match.evidence)).sorted { ($0.timestamp, $0.source.file, $0.source.line) < ($1.timestamp, $1.source.file, $1.source.line) }
        return match
    }

    /// Whether a stored event is in the clause's scope for this trigger. Connector scope
    /// sees the trigger's connector and events that carry no connector.
    @inline(__always)
    static func visible(_ stored: StoredEvent, to trigger: Event, _ scope: Scope) -> Bool {
        scope == .chargePoint || stored.connectorId == nil || stored.connectorId == trigger.connectorId
    }

    /// Most events a single clause cites, newest first; counts are exact regardless.
    static let evidenceLimit = 20

    func holds(
        _ clause: CompiledPack.CompiledClause, _ trigger: Event, _ sequence: Int64,
        _ history: Deque<StoredEvent>, lastStatus: StatusRecord?, lastStatusAnyConnector: StatusRecord?, into match: inout RuleMatch
    ) -> Bool {
        let t = trigger.timestamp
        switch clause.kind {
        case let .count(m, within, atLeast, atMost):
            let from = t - within
            var count = 0
            var cited: [Evidence] = []
            for stored in history.reversed() {
                if stored.timestamp > t { continue }
                if stored.timestamp < from { break }
                guard stored.matched.contains(m), Evaluator.visible(stored, to: trigger, clause.scope) else { continue }
                count += 1
                if stored.sequence != sequence && cited.count < Evaluator.evidenceLimit {
                    cited.append(Evidence(source: stored.source, timestamp: stored.timestamp))
                }
            }
            if let atLeast, count < atLeast { return false }
            if let atMost, count > atMost { return false }
            if match.count == nil { match.count = count }
            match.evidence += cited
            return true

        case let .previous(m, within):
            let record = clause.scope == .chargePoint ? lastStatusAnyConnector : lastStatus
            guard let record else { return false }
            if let within, record.event.timestamp < t - within { return false }
            guard m.matches(record.event, MatchContext(statusChanged: record.statusChanged)) else { return false }
            match.evidence.append(Evidence(source: record.event.source, timestamp: record.event.timestamp))
            return true

        case let .sequence(steps, within):
            let from = t - within
            var next = 0
            var cited: [Evidence] = []
            // Greedy earliest matching finds an in-order subsequence whenever one exists.
            for stored in history where next < steps.count {
                if stored.timestamp < from || stored.sequence == sequence { continue }
                if stored.timestamp > t { break }
                guard Evaluator.visible(stored, to: trigger, clause.scope), stored.matched.contains(steps[next]) else { continue }
                cited.append(Evidence(source: stored.source, timestamp: stored.timestamp))
                next += 1
            }
            guard next == steps.count else { return false }
            match.evidence += cited
            return true
        }
    }

    /// Ranks matches (priority, then specificity, then pack order) into one diagnosis.
    func diagnosis(for matches: [RuleMatch], trigger: Event, at time: Timestamp, forDuration: TimeSpan? = nil) -> Diagnosis? {
        guard !matches.isEmpty else { return nil }
        let ranked = matches.sorted { a, b in
            let ra = pack.rules[a.ruleIndex].rule, rb = pack.rules[b.ruleIndex].rule
            if ra.priority != rb.priority { return ra.priority > rb.priority }
            if ra.specificity != rb.specificity { return ra.specificity > rb.specificity }
            return a.ruleIndex < b.ruleIndex
        }
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
            rulesetHash: pack.hash, forDuration: forDuration)
    }
}
