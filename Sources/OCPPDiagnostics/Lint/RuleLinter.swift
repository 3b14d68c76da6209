/// Lint warnings about a loaded pack (DESIGN §7 `lint`): problems that are not errors,
/// because the pack works, but that make it do something its author likely did not mean.
/// Each has a stable code, documented in docs/diagnostics-warnings.md.
///
/// | code | finding |
/// |---|---|
/// | `shadowed-rule` | a higher-ranked rule matches everything this one matches, so it is never the diagnosis |
/// | `ambiguous-tie` | two rules of equal priority and specificity can match one event with different actions; only pack order decides |
/// | `matches-everything` | `when: {}` and no history: every message of every charger |
/// | `short-for` | a `for:` shorter than the reorder window |
/// | `unreachable-rule` | `when` can never match (status fields on a non-status type), or a `for:` that no status event can start |
/// | `ev-communication-faulted` | EVCommunicationError required together with `status: Faulted` (found while loading) |
/// | `regex-not-needed` | a regex that is a prefix, contains or equality test (found while loading) |
public enum RuleLinter {
    /// The default reorder window of `analyze` (DESIGN §7).
    public static let reorderWindow = TimeSpan.minutes(5)

    /// Every warning for a load result: those found while reading nodes, and, when the
    /// pack loaded, those about rules and their relations. Sorted by position.
    public static func warnings(for result: LoadResult) -> [Diagnostic] {
        var out = result.warnings
        if let pack = result.pack { out += warnings(for: pack) }
        return out.sorted { ($0.location?.file ?? "", $0.location?.line ?? 0, $0.location?.column ?? 0, $0.code) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.location?.column ?? 0, $1.code) }
    }

    /// Warnings about the rules of a loaded pack and their relations.
    public static func warnings(for pack: RulePack) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let rules = pack.rules
        for (i, rule) in rules.enumerated() {
            if rule.when.conditions.isEmpty && rule.history.isEmpty {
                out.append(.warning(
                    "matches-everything",
                    "rule '\(rule.id)' matches every event (when: {} and no history): every message of every charger \(rule.forDuration == nil ? "gets this diagnosis" : "that is a status starts its timer")",
                    at: rule.whenLocation ?? rule.location,
                    suggestion: "add a condition, such as 'type' or 'status'"))
            }
            if let d = rule.forDuration, d < reorderWindow {
                out.append(.warning(
                    "short-for",
                    "'for: \(d)' is shorter than the default reorder window (\(reorderWindow)): stream time trails the newest event by the window, so the diagnosis cannot come sooner, and the cancelling status of a buffered burst may still be in flight",
                    at: rule.forLocation ?? rule.location,
                    suggestion: "use 'for: \(reorderWindow)' or longer"))
            }
            if let reason = unreachable(rule) {
                out.append(.warning(
                    "unreachable-rule", "rule '\(rule.id)' can never fire: \(reason.message)",
                    at: reason.location ?? rule.location, suggestion: reason.suggestion))
            }
            if let shadow = shadowingRule(of: i, in: rules) {
                let a = rules[shadow]
                out.append(.warning(
                    "shadowed-rule",
                    "rule '\(rule.id)' can never be the diagnosis: rule '\(a.id)' (\(a.location)) matches every event it matches and ranks higher (\(Evaluator.rankingReason(a, shadow, above: rule, i)))",
                    at: rule.location,
                    suggestion: "raise the priority of '\(rule.id)' above \(a.priority), or narrow '\(a.id)'"))
            }
        }
        for j in rules.indices {
            for i in 0..<j {
                let a = rules[i], b = rules[j]
                guard a.priority == b.priority, a.specificity == b.specificity, a.forDuration == b.forDuration,
                      a.then.action != b.then.action else { continue }
                // A shadowed rule is reported as such.
                if Implication.subsumes(a, b) { continue }
                guard !Implication.exclusive(a, b) else { continue }
                out.append(.warning(
                    "ambiguous-tie",
                    "rules '\(a.id)' (\(a.location)) and '\(b.id)' have the same priority (\(a.priority)) and specificity (\(a.specificity)) and can match the same event with different actions (\(a.then.action.rawValue) vs \(b.then.action.rawValue)); only pack order decides, so '\(a.id)' wins",
                    at: b.location,
                    suggestion: "give the rule that should win a higher priority"))
            }
        }
        return out
    }

    /// Fields that only a StatusNotification request carries.
    static let statusFields: [Field] = [.status, .errorCode, .vendorId, .vendorErrorCode, .info]

    /// Why a rule can never fire, when that is certain from its `when` and `for:` alone.
    static func unreachable(_ rule: Rule) -> (message: String, location: SourceLocation?, suggestion: String)? {
        let when = rule.when
        let types = when.literalValues(of: .type)
        let messageTypes = when.literalValues(of: .messageType)
        let notStatusType = types.map { !$0.contains("StatusNotification") } ?? false
        let notCall = messageTypes.map { !$0.contains(MessageType.call.rawValue) } ?? false
        if notStatusType || notCall {
            let required = when.conditions.filter { f, c in statusFields.contains(f) && Implication.requiresPresence(c) }.map(\.0)
            if let field = required.first {
                let what = notStatusType ? "'type' is \(types!.joined(separator: "/"))" : "'messageType' is \(messageTypes!.joined(separator: "/"))"
                return ("'\(field)' is only set on StatusNotification requests, but \(what)",
                        rule.whenLocation, "match payload fields with 'payload.…', or drop the 'type'")
            }
            if let d = rule.forDuration {
                let what = notStatusType ? "its 'type' is \(types!.joined(separator: "/"))" : "its 'messageType' is \(messageTypes!.joined(separator: "/"))"
                return ("'for: \(d)' waits for a connector status to persist, and only StatusNotification requests start it, but \(what)",
                        rule.forLocation, "'for:' only times statuses; to catch an absence, count it with 'atMost: 0' in the history of a later event")
            }
        }
        return nil
    }

    /// The highest-ranked other rule that matches whenever rule `i` matches and ranks above it.
    static func shadowingRule(of i: Int, in rules: [Rule]) -> Int? {
        let b = rules[i]
        let candidates = rules.indices.filter { k in
            k != i && Evaluator.ranksBefore(rules[k], k, b, i) && Implication.subsumes(rules[k], b)
        }
        return candidates.min { Evaluator.ranksBefore(rules[$0], $0, rules[$1], $1) }
    }
}

extension Implication {
    /// Rule `a` matches (and is diagnosed in the same record) whenever rule `b` matches.
    static func subsumes(_ a: Rule, _ b: Rule) -> Bool {
        switch (a.forDuration, b.forDuration) {
        case (nil, nil):
            return implies(b.when, a.when) && a.history.allSatisfy { ca in b.history.contains { implies($0, ca) } }
        case let (da?, db?) where da == db:
            // Timers depend on when each rule first matched in a status episode, so only
            // rules that match at exactly the same triggers are certain to fire together.
            return a.when == b.when && a.history.map(\.kind) == b.history.map(\.kind)
                && a.history.map(\.scope) == b.history.map(\.scope)
        default:
            // Different durations (or one without for:) are diagnosed in different records.
            return false
        }
    }

    /// Rules `a` and `b` can never match the same trigger.
    static func exclusive(_ a: Rule, _ b: Rule) -> Bool {
        if disjoint(a.when, b.when) { return true }
        return a.history.contains { ca in b.history.contains { disjoint(ca, $0) } }
    }
}
