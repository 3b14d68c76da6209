/// A rule pack prepared for evaluation: history patterns deduplicated into one table,
/// and rules routed by OCPP action so an event is only tested against rules that can match it.
struct CompiledPack: Sendable {
    struct CompiledClause: Sendable {
        enum Kind: Hashable, Sendable {
            /// Index into `historyMatchers`.
            case count(Int, within: TimeSpan, atLeast: Int?, atMost: Int?)
            case previous(Matcher, within: TimeSpan?)
            case sequence([Int], within: TimeSpan)
        }
        var kind: Kind
        var scope: Scope
        /// Equal clauses (the same pattern, window, bounds and scope) share an id, so one
        /// evaluation per event serves every rule that has the clause.
        var id: Int = 0
    }

    /// A class, so the per-event loop over candidate rules passes a reference instead of
    /// copying (and retaining every field of) the rule for each candidate.
    final class CompiledRule: Sendable {
        let rule: Rule
        let index: Int
        let clauses: [CompiledClause]
        /// Rules with equal `when` matchers share this id (one test per event serves them all).
        let whenId: Int
        /// The `when` less the conditions routing already decided: a rule is a candidate for an
        /// event only if the event's value of each routed field is among the literals the rule
        /// allows there, so such a condition holds for every routed candidate.
        let routedWhen: Matcher

        init(rule: Rule, index: Int, clauses: [CompiledClause], whenId: Int = 0) {
            self.rule = rule
            self.index = index
            self.clauses = clauses
            self.whenId = whenId
            routedWhen = rule.when.lessRoutedConditions
        }
    }

    let rules: [CompiledRule]
    /// Distinct event patterns of count and sequence clauses; stored events remember which they match.
    let historyMatchers: [Matcher]
    /// The same, less the conditions routing decides (see ``CompiledRule/routedWhen``).
    let routedHistoryMatchers: [Matcher]
    /// Rules routed by the action and status their `when` allows (see ``RoutingKey``).
    let ruleRoutes: Routes
    /// History patterns routed the same way, so storing an event tests only patterns that can match it.
    let historyRoutes: Routes
    /// The distinct windows of count and sequence clauses, ascending: one history tier each.
    let tierWindows: [TimeSpan]
    /// For each history pattern, the tier of the longest window it is looked at over.
    let matcherTier: [Int]
    /// For patterns whose clauses need only the newest few events (see ``RecentEvents``):
    /// how many to keep. Nil: the pattern's events go to the history tiers.
    let recentKeep: [Int?]
    /// For each pattern, the scopes of the clauses that use it: a recent list no clause reads is not kept.
    let recentScopes: [Set<Scope>]
    let hash: String
    /// How many distinct clauses and `when` matchers there are (sizes of the per-event memos).
    let clauseCount: Int
    let whenCount: Int
    /// `rules[i].whenId`, as plain integers: the candidate loop skips rules whose shared
    /// `when` already failed for this event without touching the rule itself.
    let whenIds: [Int]

    init(_ pack: RulePack) {
        var matchers: [Matcher] = []
        var matcherIndex: [Matcher: Int] = [:]
        func intern(_ m: Matcher) -> Int {
            if let i = matcherIndex[m] { return i }
            matchers.append(m)
            matcherIndex[m] = matchers.count - 1
            return matchers.count - 1
        }
        struct ClauseKey: Hashable {
            var kind: CompiledClause.Kind
            var scope: Scope
        }
        var clauseIds: [ClauseKey: Int] = [:]
        var whenIds: [Matcher: Int] = [:]
        var compiled: [CompiledRule] = []
        var ruleRoutes = Routes()
        for (i, rule) in pack.rules.enumerated() {
            let clauses = rule.history.map { clause -> CompiledClause in
                var compiledClause: CompiledClause
                switch clause.kind {
                case let .count(m, within, lo, hi):
                    compiledClause = CompiledClause(kind: .count(intern(m), within: within, atLeast: lo, atMost: hi), scope: clause.scope)
                case let .previous(m, within):
                    compiledClause = CompiledClause(kind: .previous(m, within: within), scope: clause.scope)
                case let .sequence(steps, within):
                    compiledClause = CompiledClause(kind: .sequence(steps.map(intern), within: within), scope: clause.scope)
                }
                let key = ClauseKey(kind: compiledClause.kind, scope: compiledClause.scope)
                compiledClause.id = clauseIds[key] ?? {
                    clauseIds[key] = clauseIds.count
                    return clauseIds.count - 1
                }()
                return compiledClause
            }
            let whenId = whenIds[rule.when] ?? {
                whenIds[rule.when] = whenIds.count
                return whenIds.count - 1
            }()
            compiled.append(CompiledRule(rule: rule, index: i, clauses: clauses, whenId: whenId))
            ruleRoutes.add(i, rule.when)
        }
        clauseCount = clauseIds.count
        whenCount = whenIds.count
        self.whenIds = compiled.map(\.whenId)
        var longest = [TimeSpan](repeating: .zero, count: matchers.count)
        for rule in compiled {
            for clause in rule.clauses {
                switch clause.kind {
                case let .count(m, w, _, _): longest[m] = max(longest[m], w)
                case let .sequence(steps, w): for m in steps { longest[m] = max(longest[m], w) }
                case .previous: break
                }
            }
        }
        // A pattern needs only its newest few events when every clause using it is a count
        // with just an upper bound, or a one-step sequence.
        var keep = [Int?](repeating: 0, count: matchers.count)
        for rule in compiled {
            for clause in rule.clauses {
                switch clause.kind {
                case let .count(m, _, atLeast, atMost):
                    if atLeast == nil, let atMost, let k = keep[m] { keep[m] = max(k, atMost + 1) } else { keep[m] = nil }
                case let .sequence(steps, _):
                    // The trigger may be the newest match, and a sequence looks before it.
                    if steps.count == 1, let k = keep[steps[0]] { keep[steps[0]] = max(k, 2) } else { for m in steps { keep[m] = nil } }
                case .previous: break
                }
            }
        }
        recentKeep = keep
        // Which of a pattern's recent lists some clause reads: the charge point's, the connectors'.
        var scopes = [Set<Scope>](repeating: [], count: matchers.count)
        for rule in compiled {
            for clause in rule.clauses {
                switch clause.kind {
                case let .count(m, _, _, _): scopes[m].insert(clause.scope)
                case let .sequence(steps, _): for m in steps { scopes[m].insert(clause.scope) }
                case .previous: break
                }
            }
        }
        recentScopes = scopes
        for (m, k) in keep.enumerated() where k != nil { longest[m] = .zero }  // not in the tiers
        let windows = Array(Set(longest)).sorted()
        tierWindows = windows.isEmpty ? [.zero] : windows
        matcherTier = longest.map { w in windows.firstIndex(of: w) ?? 0 }
        var historyRoutes = Routes()
        for (i, m) in matchers.enumerated() { historyRoutes.add(i, m) }
        rules = compiled
        historyMatchers = matchers
        routedHistoryMatchers = matchers.map(\.lessRoutedConditions)
        self.ruleRoutes = ruleRoutes
        self.historyRoutes = historyRoutes
        hash = pack.hash
    }

}

extension Matcher {
    /// The matcher less its conditions that routing decides: those on a routed field that hold
    /// exactly for a set of literals, and the implied `type: StatusNotification` (a routed
    /// `type` literal too). It agrees with the whole matcher on every event routed to it.
    var lessRoutedConditions: Matcher {
        var residual = Matcher(conditions: conditions.filter { field, condition in
            !(Routes.fields.contains(field) && condition.isLiteralSet)
        })
        residual.impliesStatusNotification = false
        return residual
    }
}

/// An index from an event's action, message type, status, error code and vendor to the matchers
/// that can match such an event, in pack order.
///
/// Every fast rules engine routes an event to a small candidate set first (Falco by event
/// type, Hayabusa by channel). Here each routed field keeps, per literal value a matcher
/// allows, the matchers that allow it, plus the matchers that leave the field open; the
/// candidates are the intersection over the fields. So a CALLRESULT is never tested against
/// rules on StatusNotification calls, nor a `Faulted/GroundFailure` status against rules on
/// other error codes or other vendors' codes.
struct Routes: Sendable {
    /// The routed fields' values on one event (nil where the event has none).
    struct Key: Hashable, Sendable {
        var type: String
        var messageType: MessageType
        var status: String?
        var errorCode: String?
        var vendorId: String?

        init(_ event: Event) {
            type = event.type
            messageType = event.messageType
            status = event.status
            errorCode = event.errorCode
            vendorId = event.vendorId
        }

        var values: [String?] { [type, messageType.rawValue, status, errorCode, vendorId] }
    }

    static let fields: [Field] = [.type, .messageType, .status, .errorCode, .vendorId]
    private var byValue = [[String: Set<Int>]](repeating: [:], count: Routes.fields.count)
    private var open = [Set<Int>](repeating: [], count: Routes.fields.count)

    mutating func add(_ index: Int, _ matcher: Matcher) {
        for (k, field) in Routes.fields.enumerated() {
            if let values = matcher.literalValues(of: field) {
                for v in values { byValue[k][v, default: []].insert(index) }
            } else {
                open[k].insert(index)
            }
        }
    }

    /// The fields an explanation routes by: a rule that fails only on the message type or
    /// error code is shown as a near miss rather than left out.
    static let explainedFields: Set<Field> = [.type, .status]

    /// Indices of matchers that can match an event with these values, ascending; routed by
    /// `fields` only when given.
    func candidates(_ key: Key, by fields: Set<Field>? = nil) -> [Int] {
        var found: Set<Int>?
        for (k, value) in key.values.enumerated() where fields?.contains(Routes.fields[k]) ?? true {
            var allowed = open[k]
            if let value, let matching = byValue[k][value] { allowed.formUnion(matching) }
            found = found.map { $0.intersection(allowed) } ?? allowed
        }
        return (found ?? []).sorted()
    }
}
