import Yams

/// Decodes matchers (`when:` and history patterns) and their conditions.
extension NodeReader {
    enum FieldKind {
        case vocabulary([String], code: String, what: String)
        case text(numeric: Bool)
        case integer
        case boolean
        case payload
    }

    static func kind(of field: Field) -> FieldKind {
        switch field {
        case .status: return .vocabulary(OCPPVocabulary.statuses, code: "unknown-status", what: "status")
        case .errorCode: return .vocabulary(OCPPVocabulary.errorCodes, code: "unknown-error-code", what: "error code")
        case .type: return .vocabulary(OCPPVocabulary.actions, code: "unknown-type", what: "OCPP action")
        case .messageType: return .vocabulary(MessageType.allCases.map(\.rawValue), code: "unknown-message-type", what: "message type")
        case .direction: return .vocabulary(Direction.allCases.map(\.rawValue), code: "unknown-direction", what: "direction")
        case .vendorId, .chargePointId: return .text(numeric: false)
        case .vendorErrorCode, .info: return .text(numeric: true)
        case .connectorId: return .integer
        case .statusChanged: return .boolean
        case .payload: return .payload
        }
    }

    /// Returns the matcher and the number of fields written, or nil after reporting errors.
    func matcher(_ node: Node, _ what: String, depth: Int) -> Matcher? {
        guard let entries = mapping(node, what, depth: depth) else { return nil }
        var conditions: [(Field, Condition)] = []
        var valueNodes: [Field: Node] = [:]
        var ok = true
        for (key, keyNode, value) in entries {
            guard let field = self.field(key, at: keyNode) else { ok = false; continue }
            guard let c = condition(value, field: field, depth: depth + 1) else { ok = false; continue }
            conditions.append((field, c))
            valueNodes[field] = value
        }
        guard ok else { return nil }
        let m = Matcher(conditions: conditions)
        // OCPP 1.6 sends EVCommunicationError as a warning with a usable status
        // (Preparing, SuspendedEVSE, …), not with Faulted: such a matcher misses nearly every case.
        if m.literalValues(of: .errorCode).map(Set.init) == ["EVCommunicationError"],
           m.literalValues(of: .status).map(Set.init) == ["Faulted"], let node = valueNodes[.status] {
            warning("ev-communication-faulted",
                    "EVCommunicationError is sent as a warning with the connector's usual status (Preparing, SuspendedEVSE, …), rarely with Faulted; this condition misses those",
                    at: node, suggestion: "drop 'status: Faulted', or list the statuses it arrives with")
        }
        return m
    }

    func field(_ name: String, at node: Node) -> Field? {
        if let f = Field.namedFields[name] { return f }
        if name.hasPrefix("payload.") {
            let path = name.dropFirst("payload.".count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if path.allSatisfy({ !$0.isEmpty }) { return .payload(path) }
            error("unknown-field", "payload path '\(name)' has an empty segment", at: node)
            return nil
        }
        if name == "payload" {
            error("unknown-field", "'payload' needs a path, such as 'payload.reason'", at: node)
            return nil
        }
        error("unknown-field", "unknown field '\(name)'", at: node,
              suggestion: Suggestion.didYouMean(name, in: Array(Field.namedFields.keys).sorted()))
        return nil
    }

    static let operators = ["not", "regex", "prefix", "contains", "gt", "gte", "lt", "lte", "exists"]

    func condition(_ node: Node, field: Field, depth: Int) -> Condition? {
        let kind = NodeReader.kind(of: field)
        switch node {
        case .sequence:
            guard let items = sequence(node, "'\(field)'", depth: depth) else { return nil }
            if items.isEmpty {
                error("bad-value", "empty list for '\(field)' can never match", at: node)
                return nil
            }
            var options: [Condition] = []
            var ok = true
            for item in items {
                if let c = condition(item, field: field, depth: depth + 1) { options.append(c) } else { ok = false }
            }
            return ok ? .anyOf(options) : nil
        case .mapping:
            guard let entries = mapping(node, "the condition on '\(field)'", depth: depth) else { return nil }
            if entries.isEmpty {
                error("bad-value", "empty condition on '\(field)'", at: node)
                return nil
            }
            var parts: [Condition] = []
            var ok = true
            for (op, keyNode, value) in entries {
                if let c = operatorCondition(op, keyNode: keyNode, value: value, field: field, kind: kind, depth: depth + 1) {
                    parts.append(c)
                } else {
                    ok = false
                }
            }
            guard ok else { return nil }
            return parts.count == 1 ? parts[0] : .all(parts)
        default:
            return equality(node, field: field, kind: kind, depth: depth)
        }
    }

    func equality(_ node: Node, field: Field, kind: FieldKind, depth: Int) -> Condition? {
        guard let (text, quoted) = scalar(node, "'\(field)'", depth: depth) else { return nil }
        switch kind {
        case .vocabulary(let words, let code, let what):
            guard vocabulary(text, words, code: code, what: what, at: node) else { return nil }
        case .integer:
            guard Int(text) != nil else {
                error("bad-value", "expected an integer for '\(field)', found '\(text)'", at: node)
                return nil
            }
        case .boolean:
            guard text == "true" || text == "false" else {
                error("bad-value", "expected true or false for '\(field)', found '\(text)'", at: node)
                return nil
            }
        case .text, .payload:
            break
        }
        // Integer and boolean fields are typed by the field, so `"1"` and `1` mean the same there.
        switch kind {
        case .integer, .boolean: return .equals(Literal(text: text, quoted: false))
        default: return .equals(Literal(text: text, quoted: quoted))
        }
    }

    func operatorCondition(_ op: String, keyNode: Node, value: Node, field: Field, kind: FieldKind, depth: Int) -> Condition? {
        let isTextual: Bool
        let allowsNumbers: Bool
        switch kind {
        case .vocabulary: isTextual = true; allowsNumbers = false
        case .text(let numeric): isTextual = true; allowsNumbers = numeric
        case .integer: isTextual = false; allowsNumbers = true
        case .boolean: isTextual = false; allowsNumbers = false
        case .payload: isTextual = true; allowsNumbers = true
        }
        switch op {
        case "not":
            return condition(value, field: field, depth: depth).map(Condition.not)
        case "exists":
            return bool(value, "'exists'", depth: depth).map(Condition.exists)
        case "regex", "prefix", "contains":
            guard isTextual else {
                error("bad-condition", "'\(op)' tests text, but '\(field)' is not text", at: keyNode)
                return nil
            }
            guard let (text, _) = scalar(value, "'\(op)'", depth: depth) else { return nil }
            switch op {
            case "regex":
                do {
                    let compiled = try CompiledRegex(text)
                    // An exact regex is how a rule matches a value outside the OCPP vocabulary
                    // (`errorCode: {regex: "^Error$"}`): no warning where a plain value would be refused.
                    var plainAllowed = true
                    if case .vocabulary(let words, _, _) = kind, let simpler = RegexSimplifier.simpler(text), simpler.op == "equals" {
                        plainAllowed = words.contains(simpler.text)
                    }
                    if plainAllowed, let simpler = RegexSimplifier.simpler(text) {
                        let quoted = RegexSimplifier.quoted(simpler.text)
                        let plainly = simpler.op == "equals" ? "a plain value" : "'\(simpler.op)'"
                        warning("regex-not-needed", "regular expression '\(text)' only tests for fixed text; \(plainly) says it plainly and is faster",
                                at: value, suggestion: simpler.op == "equals" ? "write '\(field): \(quoted)'" : "write {\(simpler.op): \(quoted)}")
                    }
                    return .regex(compiled)
                } catch {
                    self.error("bad-regex", "invalid regular expression '\(text)'", at: value)
                    return nil
                }
            case "prefix": return .prefix(text)
            default: return .contains(text)
            }
        case "gt", "gte", "lt", "lte":
            guard allowsNumbers else {
                error("bad-condition", "'\(op)' compares numbers, but '\(field)' is not numeric", at: keyNode)
                return nil
            }
            guard let (text, _) = scalar(value, "'\(op)'", depth: depth) else { return nil }
            guard let d = Double(text), d.isFinite else {
                error("bad-value", "expected a number for '\(op)', found '\(text)'", at: value)
                return nil
            }
            return .compare(Comparison(rawValue: op)!, d)
        default:
            error("unknown-operator", "unknown condition '\(op)' on '\(field)'", at: keyNode,
                  suggestion: Suggestion.didYouMean(op, in: NodeReader.operators))
            return nil
        }
    }
}
