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

        init(rule: Rule, index: Int, clauses: [CompiledClause], whenId: Int = 0) {
            self.rule = rule
            self.index = index
            self.clauses = clauses
            self.whenId = whenId
        }
    }

    let rules: [CompiledRule]
    /// Distinct event patterns of count and sequence clauses; stored events remember which they match.
    let historyMatchers: [Matcher]
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
        for (m, k) in keep.enumerated() where k != nil { longest[m] = .zero }  // not in the tiers
        let windows = Array(Set(longest)).sorted()
        tierWindows = windows.isEmpty ? [.zero] : windows
        matcherTier = longest.map { w in windows.firstIndex(of: w) ?? 0 }
        var historyRoutes = Routes()
        for (i, m) in matchers.enumerated() { historyRoutes.add(i, m) }
        rules = compiled
        historyMatchers = matchers
        self.ruleRoutes = ruleRoutes
        self.historyRoutes = historyRoutes
        hash = pack.hash
    }

}

/// An index from (action, status) to the matchers that can match such an event, in pack order.
///
/// Every fast rules engine routes an event to a small candidate set first (Falco by event
/// type, Hayabusa by channel); here the keys are the literal values a matcher allows for
/// `type` and `status`. A matcher without a literal list for a field sits under "any".
struct Routes: Sendable {
    struct Key: Hashable, Sendable {
        var type: String?
        var status: String?
    }

    private var entries: [Key: [Int]] = [:]

    mutating func add(_ index: Int, _ matcher: Matcher) {
        let types: [String?] = matcher.literalValues(of: .type).map { Array(Set($0)).sorted() } ?? [nil]
        let statuses: [String?] = matcher.literalValues(of: .status).map { Array(Set($0)).sorted() } ?? [nil]
        for t in types {
            for s in statuses { entries[Key(type: t, status: s), default: []].append(index) }
        }
    }

    /// Indices of matchers that can match an event with this action and status, ascending.
    func candidates(type: String, status: String?) -> [Int] {
        var keys = [Key(type: type, status: nil), Key(type: nil, status: nil)]
        if let status { keys += [Key(type: type, status: status), Key(type: nil, status: status)] }
        var out: [Int] = []
        for k in keys { out += entries[k] ?? [] }
        return Array(Set(out)).sorted()
    }
}
