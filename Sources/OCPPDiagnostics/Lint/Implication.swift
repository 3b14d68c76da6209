/// Conservative reasoning about conditions, matchers and history clauses, for the
/// linter's shadowing and tie checks. "Implies" and "disjoint" answer true only when
/// that is certain; false means "not proven", never "proven false".
enum Implication {
    /// How a field's values look to a condition.
    enum Shape { case text, int, bool, json }

    static func shape(_ f: Field) -> Shape {
        switch f {
        case .connectorId: return .int
        case .statusChanged: return .bool
        case .payload: return .json
        default: return .text
        }
    }

    // MARK: Conditions

    /// Every value that satisfies `b` satisfies `a`.
    static func implies(_ b: Condition, _ a: Condition, _ shape: Shape) -> Bool {
        if b == a { return true }
        switch b {
        case .anyOf(let options) where options.allSatisfy({ implies($0, a, shape) }): return true
        case .all(let parts) where parts.contains(where: { implies($0, a, shape) }): return true
        default: break
        }
        switch a {
        case .anyOf(let options): return options.contains { implies(b, $0, shape) }
        case .all(let parts): return parts.allSatisfy { implies(b, $0, shape) }
        case .exists(true): return requiresPresence(b)
        case .not(let x):
            // Over a payload path that fans out, `not` is "no element matches": not per value.
            guard shape != .json else { return false }
            if case .not(let y) = b { return implies(x, y, shape) }
            return disjoint(b, x, shape)
        case .prefix(let p):
            switch b {
            case .equals(let lit) where textual(lit, shape): return lit.text.hasPrefix(p)
            case .prefix(let q): return q.hasPrefix(p)
            default: return false
            }
        case .contains(let c):
            switch b {
            case .equals(let lit) where textual(lit, shape): return lit.text.contains(c)
            case .prefix(let q): return q.contains(c)
            case .contains(let d): return d.contains(c)
            default: return false
            }
        case .regex(let r):
            if case .equals(let lit) = b, textual(lit, shape) { return r.matches(lit.text) }
            return false
        case .compare(let op, let bound):
            switch b {
            case .equals(let lit):
                guard shape == .int || shape == .text, let n = lit.number else { return false }
                return op.holds(n, bound)
            case .compare(let opB, let v): return compareImplies(opB, v, op, bound)
            default: return false
            }
        default:
            return false
        }
    }

    /// An equality that compares as text on this field (so string tests apply to it).
    static func textual(_ lit: Literal, _ shape: Shape) -> Bool {
        shape == .text || (shape == .json && lit.number == nil && lit.bool == nil)
    }

    /// `b` can only hold for a present value.
    static func requiresPresence(_ b: Condition) -> Bool {
        switch b {
        case .equals, .regex, .prefix, .contains, .compare, .exists(true): return true
        case .anyOf(let options): return options.allSatisfy(requiresPresence)
        case .all(let parts): return parts.contains(where: requiresPresence)
        default: return false
        }
    }

    static func compareImplies(_ opB: Comparison, _ vb: Double, _ opA: Comparison, _ va: Double) -> Bool {
        switch (opB, opA) {
        case (.gte, .gte), (.gt, .gt), (.gt, .gte): return vb >= va
        case (.gte, .gt): return vb > va
        case (.lte, .lte), (.lt, .lt), (.lt, .lte): return vb <= va
        case (.lte, .lt): return vb < va
        default: return false
        }
    }

    /// No single value satisfies both.
    static func disjoint(_ a: Condition, _ b: Condition, _ shape: Shape) -> Bool {
        guard shape != .json else { return false }
        switch (a, b) {
        case (.anyOf(let options), _): return options.allSatisfy { disjoint($0, b, shape) }
        case (_, .anyOf(let options)): return options.allSatisfy { disjoint(a, $0, shape) }
        case (.all(let parts), _): return parts.contains { disjoint($0, b, shape) }
        case (_, .all(let parts)): return parts.contains { disjoint(a, $0, shape) }
        case (.exists(false), _): return requiresPresence(b)
        case (_, .exists(false)): return requiresPresence(a)
        case (.not(let x), _): return implies(b, x, shape)
        case (_, .not(let y)): return implies(a, y, shape)
        case (.equals(let x), .equals(let y)): return !equalValues(x, y, shape)
        case (.equals(let lit), let other), (let other, .equals(let lit)):
            switch other {
            case .prefix(let p) where shape == .text: return !lit.text.hasPrefix(p)
            case .contains(let c) where shape == .text: return !lit.text.contains(c)
            case .regex(let r) where shape == .text: return !r.matches(lit.text)
            case .compare(let op, let bound) where shape == .int:
                guard let n = lit.number else { return true }
                return !op.holds(n, bound)
            default: return false
            }
        default: return false
        }
    }

    /// Whether two equalities can hold for the same value of a field of this shape.
    static func equalValues(_ x: Literal, _ y: Literal, _ shape: Shape) -> Bool {
        switch shape {
        case .text: return x.text == y.text
        case .int: return x.number != nil && x.number == y.number
        case .bool: return x.bool != nil && x.bool == y.bool
        case .json: return true
        }
    }

    // MARK: Matchers

    /// The conditions, with the `type: StatusNotification` that `status`/`errorCode` imply.
    static func effective(_ m: Matcher) -> [(Field, Condition)] {
        var out = m.impliesStatusNotification
            ? m.conditions + [(.type, .equals(Literal(text: "StatusNotification", quoted: true)))]
            : m.conditions
        // Only StatusNotification requests carry these fields, so requiring one requires a call.
        let statusFields: Set<Field> = [.status, .errorCode, .vendorId, .vendorErrorCode, .info]
        if m.conditions.contains(where: { statusFields.contains($0.0) && requiresPresence($0.1) }),
           !m.conditions.contains(where: { $0.0 == .messageType }) {
            out.append((.messageType, .equals(Literal(text: MessageType.call.rawValue, quoted: true))))
        }
        return out
    }

    /// Every event `b` matches, `a` matches too.
    static func implies(_ b: Matcher, _ a: Matcher) -> Bool {
        let bc = effective(b)
        return effective(a).allSatisfy { fa, ca in
            bc.contains { fb, cb in fb == fa && implies(cb, ca, shape(fa)) }
        }
    }

    /// No event matches both.
    static func disjoint(_ a: Matcher, _ b: Matcher) -> Bool {
        let bc = effective(b)
        return effective(a).contains { fa, ca in
            bc.contains { fb, cb in fb == fa && disjoint(ca, cb, shape(fa)) }
        }
    }

    // MARK: History clauses

    /// Whenever `b` holds at a trigger, `a` holds too.
    static func implies(_ b: HistoryClause, _ a: HistoryClause) -> Bool {
        guard a.scope == b.scope else { return false }
        switch (b.kind, a.kind) {
        case let (.count(mb, wb, lob, hib), .count(ma, wa, loa, hia)):
            if let hia {
                // An upper bound is only comparable over the very same events.
                guard ma == mb, wa == wb, let hib, hib <= hia else { return false }
                return loa == nil || (lob ?? 0) >= loa!
            }
            // More events match a wider pattern over a longer window, so a lower bound carries over.
            guard let loa, let lob, lob >= loa else { return false }
            return wa >= wb && implies(mb, ma)
        case let (.previous(mb, wb), .previous(ma, wa)):
            guard implies(mb, ma) else { return false }
            guard let wa else { return true }
            return wb.map { $0 <= wa } ?? false
        case let (.sequence(sb, wb), .sequence(sa, wa)):
            return sa.count == sb.count && wa >= wb && zip(sb, sa).allSatisfy { implies($0, $1) }
        default:
            return false
        }
    }

    /// `a` and `b` can never hold at the same trigger.
    static func disjoint(_ a: HistoryClause, _ b: HistoryClause) -> Bool {
        guard a.scope == b.scope else { return false }
        switch (a.kind, b.kind) {
        case let (.count(ma, wa, loa, hia), .count(mb, wb, lob, hib)):
            guard ma == mb, wa == wb else { return false }
            if let hia, let lob, hia < lob { return true }
            if let hib, let loa, hib < loa { return true }
            return false
        case let (.previous(ma, wa), .previous(mb, wb)):
            return wa == wb && disjoint(ma, mb)
        default:
            return false
        }
    }
}
