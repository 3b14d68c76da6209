/// A rule pack prepared for evaluation: history patterns deduplicated into one table,
/// and rules routed by OCPP action so an event is only tested against rules that can match it.
struct CompiledPack: Sendable {
    struct CompiledClause: Sendable {
        enum Kind: Sendable {
            /// Index into `historyMatchers`.
            case count(Int, within: TimeSpan, atLeast: Int?, atMost: Int?)
            case previous(Matcher, within: TimeSpan?)
            case sequence([Int], within: TimeSpan)
        }
        var kind: Kind
        var scope: Scope
    }

    /// A class, so the per-event loop over candidate rules passes a reference instead of
    /// copying (and retaining every field of) the rule for each candidate.
    final class CompiledRule: Sendable {
        let rule: Rule
        let index: Int
        let clauses: [CompiledClause]

        init(rule: Rule, index: Int, clauses: [CompiledClause]) {
            self.rule = rule
            self.index = index
            self.clauses = clauses
        }
    }

    let rules: [CompiledRule]
    /// Distinct event patterns of count and sequence clauses; stored events remember which they match.
    let historyMatchers: [Matcher]
    /// Rules whose `when` names the action (or implies StatusNotification), by action.
    let rulesByType: [String: [Int]]
    /// Rules that can match any action.
    let anyTypeRules: [Int]
    /// How long stored events stay relevant.
    let window: TimeSpan
    let hash: String

    init(_ pack: RulePack) {
        var matchers: [Matcher] = []
        var matcherIndex: [Matcher: Int] = [:]
        func intern(_ m: Matcher) -> Int {
            if let i = matcherIndex[m] { return i }
            matchers.append(m)
            matcherIndex[m] = matchers.count - 1
            return matchers.count - 1
        }
        var compiled: [CompiledRule] = []
        var byType: [String: [Int]] = [:]
        var anyType: [Int] = []
        for (i, rule) in pack.rules.enumerated() {
            let clauses = rule.history.map { clause -> CompiledClause in
                switch clause.kind {
                case let .count(m, within, lo, hi):
                    return CompiledClause(kind: .count(intern(m), within: within, atLeast: lo, atMost: hi), scope: clause.scope)
                case let .previous(m, within):
                    return CompiledClause(kind: .previous(m, within: within), scope: clause.scope)
                case let .sequence(steps, within):
                    return CompiledClause(kind: .sequence(steps.map(intern), within: within), scope: clause.scope)
                }
            }
            compiled.append(CompiledRule(rule: rule, index: i, clauses: clauses))
            if let types = rule.when.literalValues(of: .type) {
                for t in Set(types) { byType[t, default: []].append(i) }
            } else {
                anyType.append(i)
            }
        }
        rules = compiled
        historyMatchers = matchers
        rulesByType = byType
        anyTypeRules = anyType
        window = pack.longestWindow
        hash = pack.hash
    }

    /// Indices of the rules that can match an event of this action, in pack order.
    func candidates(forType type: String) -> [Int] {
        guard let typed = rulesByType[type] else { return anyTypeRules }
        if anyTypeRules.isEmpty { return typed }
        return (typed + anyTypeRules).sorted()
    }
}
