/// Why the engine diagnosed an event the way it did (DESIGN §7 `explain`): each candidate
/// rule's conditions and history clauses with what they saw, `for:` timer states, and the
/// ranking of the rules that matched. Made by ``Evaluator/explain(_:late:)`` on the same
/// code path as ``Evaluator/process(_:)``.
public struct Explanation: Sendable {
    public var event: Event
    /// Evaluated as a late event (no `for:` timers, no status change).
    public var late: Bool
    /// For a StatusNotification: whether it changed the connector's status or error code.
    public var statusChanged: Bool?
    /// The connector's last status event before this one.
    public var previousStatus: Event?
    /// Every rule routed to this event's action, in pack order.
    public var rules: [RuleTrace] = []
    /// Rules not evaluated because their `when` names another action.
    public var notConsidered: [String] = []
    /// The matching rules without `for:`, in rank order: the first is the diagnosis.
    public var ranking: [RankedRule] = []
    /// What processing the event produced (including `for:` diagnoses that came due by its time).
    public var diagnoses: [Diagnosis] = []

    public init(event: Event, late: Bool = false) {
        self.event = event
        self.late = late
    }

    /// The rule that gives the diagnosis for this event, if any rule without `for:` matched.
    public var topRuleId: String? { ranking.first?.ruleId }

    mutating func begin(statusChanged: Bool?, previous: Event?, candidates: [Int], pack: CompiledPack) {
        self.statusChanged = statusChanged
        previousStatus = previous
        let considered = Set(candidates)
        notConsidered = pack.rules.indices.filter { !considered.contains($0) }.map { pack.rules[$0].rule.id }
    }
}

/// One rule's evaluation at a trigger.
public struct RuleTrace: Sendable {
    public var ruleId: String
    public var title: String?
    public var location: SourceLocation
    public var priority: Int
    public var specificity: Int
    /// Position in the pack (0-based), the last ranking criterion.
    public var packIndex: Int
    public var forDuration: TimeSpan?
    public var action: Action
    public var severity: Severity
    /// Every `when` condition, PASS or FAIL, with the value seen.
    public var when: [ConditionTrace] = []
    public var whenHolds = false
    public var history: [ClauseTrace] = []
    /// `when` and every history clause hold.
    public var matched = false
    /// For a `for:` rule that matched: what happened to its timer.
    public var timer: TimerState?

    init(_ rule: Rule, index: Int) {
        ruleId = rule.id
        title = rule.title
        location = rule.location
        priority = rule.priority
        specificity = rule.specificity
        packIndex = index
        forDuration = rule.forDuration
        action = rule.then.action
        severity = rule.then.severity
    }
}

/// What a `for:` rule's timer did at a trigger.
public enum TimerState: Hashable, Sendable {
    /// A timer started; the rule fires at `deadline` unless the status changes first.
    case started(deadline: Timestamp)
    /// An earlier event with the same status already started this rule's timer.
    case alreadyPending(since: Timestamp, deadline: Timestamp, trigger: SourceRef)
    /// The rule already fired for this status episode; a repeat does not fire it again.
    case alreadyFired(status: String)
    /// Only status events start timers.
    case notAStatus
    /// A late event starts no timer.
    case lateEvent

    public var description: String {
        switch self {
        case .started(let deadline): return "timer started: fires at \(deadline.iso8601) if the status holds until then"
        case let .alreadyPending(since, deadline, trigger):
            return "already pending since \(since.iso8601) (\(trigger)); fires at \(deadline.iso8601)"
        case .alreadyFired(let status): return "already fired for this \(status) episode; a repeat does not fire it again"
        case .notAStatus: return "not a status event: starts no timer"
        case .lateEvent: return "late event: starts no timer"
        }
    }
}

/// One history clause's verdict, with the events that satisfied it or the near miss.
public struct ClauseTrace: Sendable {
    /// The clause in rule syntax.
    public var clause: String
    public var scope: Scope
    public var location: SourceLocation
    public var holds: Bool
    /// "3 matching within 24h (at least 3)", "2 of 3 within 24h", "previous status was Available, wanted …".
    public var detail: String
    /// Count clauses: the number counted.
    public var count: Int?
    /// The events that satisfied the clause (or, for a sequence, the steps found so far).
    public var evidence: [Evidence]
    /// Previous clauses: the pattern tested against the previous status event.
    public var conditions: [ConditionTrace]
    /// Count clauses: the trigger itself matched the pattern and was counted.
    public var countsTrigger: Bool

    init(_ clause: HistoryClause, _ outcome: Evaluator.ClauseOutcome) {
        self.clause = clause.description
        scope = clause.scope
        location = clause.location
        holds = outcome.holds
        count = outcome.count
        evidence = outcome.evidence.sorted { ($0.timestamp, $0.source.file, $0.source.line) < ($1.timestamp, $1.source.file, $1.source.line) }
        conditions = []
        countsTrigger = outcome.triggerCounted
        switch clause.kind {
        case let .count(_, within, atLeast, atMost):
            let n = outcome.count ?? 0
            let wanted: String
            switch (atLeast, atMost) {
            case let (lo?, hi?): wanted = lo == hi ? "exactly \(lo)" : "between \(lo) and \(hi)"
            case let (lo?, nil): wanted = "at least \(lo)"
            case let (nil, hi?): wanted = hi == 0 ? "none" : "at most \(hi)"
            default: wanted = "any number"
            }
            if outcome.holds {
                detail = "\(n) within \(within) (\(wanted))"
            } else if let lo = atLeast, n < lo {
                detail = "\(n) of \(lo) within \(within)" + (atMost.map { " (wanted between \(lo) and \($0))" } ?? "")
            } else {
                detail = "\(n) within \(within), \(wanted) allowed"
            }
        case let .previous(m, within):
            guard let record = outcome.previous else {
                detail = clause.scope == .chargePoint ? "no earlier status event on this charge point" : "no earlier status event on this connector"
                return
            }
            let e = record.event
            let seen = "previous status was \(e.status ?? "?")" + (e.errorCode.map { "/\($0)" } ?? "") + " at \(e.timestamp.iso8601) (\(e.source))"
            conditions = m.trace(e, MatchContext(statusChanged: record.statusChanged))
            if outcome.holds {
                detail = seen
            } else if outcome.previousTooOld, let within {
                detail = seen + ", older than \(within)"
            } else {
                detail = seen + ", wanted \(m)"
            }
        case let .sequence(steps, within):
            if outcome.holds {
                detail = "all \(steps.count) steps in order within \(within)"
            } else {
                let missing = outcome.stepsFound < steps.count ? steps[outcome.stepsFound].description : "?"
                detail = "\(outcome.stepsFound) of \(steps.count) steps in order within \(within); missing step \(outcome.stepsFound + 1) \(missing)"
            }
        }
    }
}

/// A matching rule's place in the ranking.
public struct RankedRule: Sendable {
    public var ruleId: String
    public var priority: Int
    public var specificity: Int
    public var packIndex: Int
    public var location: SourceLocation
    /// Why it ranks below the rule before it (nil for the first).
    public var belowPrevious: String?
}

extension HistoryClause: CustomStringConvertible {
    /// The clause in rule syntax, on one line.
    public var description: String {
        var parts: [String]
        switch kind {
        case let .count(m, within, atLeast, atMost):
            parts = ["count: \(m)", "within: \(within)"]
            if let atLeast { parts.append("atLeast: \(atLeast)") }
            if let atMost { parts.append("atMost: \(atMost)") }
        case let .previous(m, within):
            parts = ["previous: \(m)"]
            if let within { parts.append("within: \(within)") }
        case let .sequence(steps, within):
            parts = ["sequence: [" + steps.map(\.description).joined(separator: ", ") + "]", "within: \(within)"]
        }
        if scope != .connector { parts.append("scope: \(scope.rawValue)") }
        return parts.joined(separator: ", ")
    }
}
