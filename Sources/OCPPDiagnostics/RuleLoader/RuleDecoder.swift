import Yams

/// Decodes a rule file's top level and its `rules:` entries.
extension NodeReader {
    static let fileKeys = ["rules", "tests"]
    static let ruleKeys = ["id", "title", "description", "priority", "tags", "when", "history", "for", "then"]
    static let thenKeys = ["cause", "action", "severity", "message"]

    func fileContents(_ root: Node) -> (rules: [Rule], tests: [Node]) {
        guard let entries = mapping(root, "a rule file", depth: 0) else { return ([], []) }
        let keys = known(entries, allowed: NodeReader.fileKeys, in: "a rule file")
        var rules: [Rule] = []
        if let r = keys["rules"], let items = sequence(r.value, "'rules'", depth: 1) {
            for item in items {
                if let decoded = rule(item, depth: 2) { rules.append(decoded) }
            }
        }
        var tests: [Node] = []
        if let t = keys["tests"], let items = sequence(t.value, "'tests'", depth: 1) {
            tests = items
        }
        return (rules, tests)
    }

    /// `[a-z0-9][a-z0-9-]*`, checked by its bytes: compiling a regular expression for it was a
    /// tenth of loading the built-in pack (measured).
    static func isRuleId(_ text: String) -> Bool {
        func letterOrDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
        guard let first = text.utf8.first, letterOrDigit(first) else { return false }
        return text.utf8.dropFirst().allSatisfy { letterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    func rule(_ node: Node, depth: Int) -> Rule? {
        guard let entries = mapping(node, "a rule", depth: depth) else { return nil }
        var id: String?
        if let e = entries.first(where: { $0.key == "id" }) {
            id = string(e.value, "'id'", depth: depth + 1)
            if let text = id, !NodeReader.isRuleId(text) {
                error("bad-rule-id", "rule id '\(text)' must be lowercase letters, digits and dashes, starting with a letter or digit", at: e.value)
                id = nil
            }
            if let id { declaredIds.append((id, e.value)) }
        } else {
            error("missing-key", "a rule needs an 'id'", at: node)
        }
        let what = id.map { "rule '\($0)'" } ?? "a rule"
        let keys = known(entries, allowed: NodeReader.ruleKeys, in: what)
        var ok = keys.count == entries.count && id != nil

        var title: String?, description: String?
        if let t = keys["title"] { title = string(t.value, "'title'", depth: depth + 1); ok = ok && title != nil }
        if let d = keys["description"] { description = string(d.value, "'description'", depth: depth + 1); ok = ok && description != nil }
        var priority = 0
        if let p = keys["priority"] {
            if let v = int(p.value, "'priority'", depth: depth + 1) { priority = v } else { ok = false }
        }
        var tags: [String] = []
        if let t = keys["tags"] {
            if let items = sequence(t.value, "'tags'", depth: depth + 1) {
                for item in items {
                    if let s = string(item, "a tag", depth: depth + 2) { tags.append(s) } else { ok = false }
                }
            } else {
                ok = false
            }
        }
        var when: Matcher?
        if let w = keys["when"] {
            when = matcher(w.value, "'when'", depth: depth + 1)
            if when == nil { ok = false }
        } else {
            error("missing-key", "\(what) needs 'when' (use 'when: {}' to match every event)", at: node)
            ok = false
        }
        var history: [HistoryClause] = []
        if let h = keys["history"] {
            if let items = sequence(h.value, "'history'", depth: depth + 1) {
                for item in items {
                    if let c = historyClause(item, depth: depth + 2) { history.append(c) } else { ok = false }
                }
            } else {
                ok = false
            }
        }
        var forDuration: TimeSpan?
        if let f = keys["for"] {
            forDuration = duration(f.value, "'for'", depth: depth + 1)
            if forDuration == nil { ok = false }
        }
        var outcome: Outcome?
        if let t = keys["then"] {
            outcome = then(t.value, depth: depth + 1, hasFor: keys["for"] != nil,
                           hasCount: NodeReader.declaresCount(keys["history"]?.value))
            if outcome == nil { ok = false }
        } else {
            error("missing-key", "\(what) needs 'then' (cause and action)", at: node)
            ok = false
        }
        guard ok, let id, let when, let outcome else { return nil }
        return Rule(id: id, title: title, description: description, priority: priority, tags: tags,
                        when: when, history: history, forDuration: forDuration, then: outcome, location: location(node),
                        whenLocation: keys["when"].map { location($0.keyNode) }, forLocation: keys["for"].map { location($0.value) })
    }

    /// Whether a `history:` node has a count clause, read without validating it (so a
    /// clause with its own errors does not add a second, misleading one about `{{count}}`).
    static func declaresCount(_ history: Node?) -> Bool {
        guard case .sequence(let items)? = history else { return false }
        return items.contains { $0.mapping?["count"] != nil }
    }

    func then(_ node: Node, depth: Int, hasFor: Bool, hasCount: Bool) -> Outcome? {
        guard let entries = mapping(node, "'then'", depth: depth) else { return nil }
        let keys = known(entries, allowed: NodeReader.thenKeys, in: "'then'")
        var ok = keys.count == entries.count
        var cause: String?
        if let c = keys["cause"] {
            cause = string(c.value, "'cause'", depth: depth + 1)
        } else {
            error("missing-key", "'then' needs a 'cause'", at: node)
        }
        var action: Action?
        if let a = keys["action"] {
            if let text = string(a.value, "'action'", depth: depth + 1) {
                action = Action(rawValue: text)
                if action == nil {
                    error("unknown-action", "unknown action '\(text)'", at: a.value,
                          suggestion: Suggestion.didYouMean(text, in: Action.names) ?? "actions are \(Action.names.joined(separator: ", "))")
                }
            }
        } else {
            error("missing-key", "'then' needs an 'action'", at: node)
        }
        var severity = Severity.medium
        if let s = keys["severity"], let text = string(s.value, "'severity'", depth: depth + 1) {
            if let v = Severity(rawValue: text) {
                severity = v
            } else {
                error("unknown-severity", "unknown severity '\(text)'; expected one of \(Severity.names.joined(separator: ", "))", at: s.value,
                      suggestion: Suggestion.didYouMean(text, in: Severity.names))
                ok = false
            }
        } else if keys["severity"] != nil {
            ok = false
        }
        var message: MessageTemplate?
        if let m = keys["message"] {
            if let text = string(m.value, "'message'", depth: depth + 1) {
                let (template, unknown) = MessageTemplate.parse(text)
                for name in unknown {
                    error("unknown-placeholder", "unknown placeholder '{{\(name)}}' in message", at: m.value,
                          suggestion: Suggestion.didYouMean(name, in: MessageTemplate.Placeholder.allCases.map(\.rawValue)))
                    ok = false
                }
                if template.placeholders.contains(.duration) && !hasFor {
                    error("placeholder-unavailable", "'{{duration}}' is only set for rules with 'for:'", at: m.value)
                    ok = false
                }
                if template.placeholders.contains(.count) && !hasCount {
                    error("placeholder-unavailable", "'{{count}}' needs a count clause in 'history'", at: m.value)
                    ok = false
                }
                message = template
            } else {
                ok = false
            }
        }
        guard ok, let cause, let action else { return nil }
        return Outcome(cause: cause, action: action, severity: severity, message: message)
    }
}
