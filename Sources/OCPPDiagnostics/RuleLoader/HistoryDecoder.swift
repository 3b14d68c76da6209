import Yams

/// Decodes the clauses of a rule's `history:` list.
extension NodeReader {
    static let historyKeys = ["count", "previous", "sequence", "within", "atLeast", "atMost", "scope"]

    func historyClause(_ node: Node, depth: Int) -> HistoryClause? {
        let what = "a history clause"
        guard let entries = mapping(node, what, depth: depth) else { return nil }
        let keys = known(entries, allowed: NodeReader.historyKeys, in: what)
        var ok = keys.count == entries.count
        let kinds = ["count", "previous", "sequence"].filter { keys[$0] != nil }
        guard kinds.count == 1 else {
            if kinds.isEmpty {
                error("missing-key", "a history clause needs one of 'count', 'previous' or 'sequence'", at: node)
            } else {
                error("conflicting-keys", "a history clause takes one of 'count', 'previous' or 'sequence', found \(kinds.map { "'\($0)'" }.joined(separator: " and "))", at: keys[kinds[1]]!.keyNode)
            }
            return nil
        }
        var scope = Scope.connector
        if let s = keys["scope"], let text = string(s.value, "'scope'", depth: depth + 1) {
            if let parsed = Scope(rawValue: text) {
                scope = parsed
            } else {
                error("unknown-scope", "unknown scope '\(text)'; expected 'connector' or 'chargePoint'", at: s.value,
                      suggestion: Suggestion.didYouMean(text, in: Scope.allCases.map(\.rawValue)))
                ok = false
            }
        }
        var within: TimeSpan?
        if let w = keys["within"] {
            within = duration(w.value, "'within'", depth: depth + 1)
            if within == nil { ok = false }
        }
        func int(_ key: String) -> Int? {
            guard let entry = keys[key] else { return nil }
            let v = self.int(entry.value, "'\(key)'", depth: depth + 1, minimum: 0)
            if v == nil { ok = false }
            return v
        }
        let kindKey = kinds[0]
        let kindNode = keys[kindKey]!
        let kind: HistoryClause.Kind
        switch kindKey {
        case "count":
            let m = matcher(kindNode.value, "'count'", depth: depth + 1)
            let atLeast = int("atLeast"), atMost = int("atMost")
            if keys["within"] == nil {
                error("missing-key", "a count clause needs 'within' (how far back to count)", at: kindNode.keyNode)
                ok = false
            }
            if keys["atLeast"] == nil && keys["atMost"] == nil {
                error("missing-key", "a count clause needs 'atLeast' and/or 'atMost'", at: kindNode.keyNode)
                ok = false
            }
            if let lo = atLeast, let hi = atMost, lo > hi {
                error("bad-range", "'atLeast: \(lo)' is greater than 'atMost: \(hi)', so the clause can never hold", at: keys["atLeast"]!.value)
                ok = false
            }
            guard ok, let m, let within else { return nil }
            kind = .count(m, within: within, atLeast: atLeast, atMost: atMost)
        case "previous":
            for key in ["atLeast", "atMost"] where keys[key] != nil {
                error("misplaced-key", "'\(key)' applies only to a count clause", at: keys[key]!.keyNode)
                ok = false
            }
            let m = matcher(kindNode.value, "'previous'", depth: depth + 1)
            guard ok, let m else { return nil }
            kind = .previous(m, within: within)
        default:
            for key in ["atLeast", "atMost"] where keys[key] != nil {
                error("misplaced-key", "'\(key)' applies only to a count clause", at: keys[key]!.keyNode)
                ok = false
            }
            if keys["within"] == nil {
                error("missing-key", "a sequence clause needs 'within'", at: kindNode.keyNode)
                ok = false
            }
            var steps: [Matcher] = []
            if let items = sequence(kindNode.value, "'sequence'", depth: depth + 1) {
                if items.isEmpty {
                    error("bad-value", "a sequence needs at least one step", at: kindNode.value)
                    ok = false
                }
                for item in items {
                    if let m = matcher(item, "a sequence step", depth: depth + 2) { steps.append(m) } else { ok = false }
                }
            } else {
                ok = false
            }
            guard ok, let within else { return nil }
            kind = .sequence(steps, within: within)
        }
        return HistoryClause(kind: kind, scope: scope, location: location(node))
    }
}
