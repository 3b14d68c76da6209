import Foundation

/// A literal written in a rule, kept with the typed readings it allows.
///
/// YAML is read as plain strings; a plain `3` may compare equal to the JSON number 3
/// or the string "3", while a quoted `"3"` is only ever the string.
public struct Literal: Hashable, Sendable, CustomStringConvertible {
    public var text: String { didSet { lengthDecides = text.lengthDecidesEquality } }
    public var number: Double?
    public var bool: Bool?
    /// ``Swift/String/lengthDecidesEquality`` of `text`: equality then compares lengths first
    /// (conditions compare an event's fields for every candidate rule; measured: 75
    /// instructions a line).
    private(set) var lengthDecides: Bool

    public init(text: String, quoted: Bool) {
        self.text = text
        lengthDecides = text.lengthDecidesEquality
        if quoted {
            number = nil
            bool = nil
        } else {
            number = Double(text).flatMap { $0.isFinite ? $0 : nil }
            bool = text == "true" ? true : text == "false" ? false : nil
        }
    }

    public var description: String { text }
}

/// A compiled regular expression (NSRegularExpression: ICU, and markedly faster than
/// Swift `Regex` on Linux). Immutable once built, so sharing it across threads is safe.
public final class CompiledRegex: @unchecked Sendable, Hashable {
    public let pattern: String
    let regex: NSRegularExpression

    public init(_ pattern: String) throws {
        self.pattern = pattern
        self.regex = try NSRegularExpression(pattern: pattern)
    }

    public func matches(_ s: String) -> Bool {
        let ns = s as NSString
        return regex.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) != nil
    }

    public static func == (a: CompiledRegex, b: CompiledRegex) -> Bool { a.pattern == b.pattern }
    public func hash(into h: inout Hasher) { h.combine(pattern) }
}

public enum Comparison: String, Sendable, CaseIterable {
    case gt, gte, lt, lte

    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .gt: a > b
        case .gte: a >= b
        case .lt: a < b
        case .lte: a <= b
        }
    }
}

/// The value of a field on one event, as a condition sees it.
public enum FieldValue: Sendable {
    case absent
    case string(String)
    case int(Int)
    case bool(Bool)
    /// Payload values reached by a path; several when the path crossed an array.
    case json([JSONValue])
}

/// One test of a field (DESIGN §4 "Conditions").
public indirect enum Condition: Hashable, Sendable, CustomStringConvertible {
    case equals(Literal)
    case anyOf([Condition])
    case not(Condition)
    case regex(CompiledRegex)
    case prefix(String)
    case contains(String)
    case compare(Comparison, Double)
    case exists(Bool)
    /// Several operators in one map (`{gte: 1, lte: 3}`): all must hold.
    case all([Condition])

    public func matches(_ value: FieldValue) -> Bool {
        switch self {
        case .not(let inner): return !inner.matches(value)
        case .anyOf(let options): return options.contains { $0.matches(value) }
        case .all(let parts): return parts.allSatisfy { $0.matches(value) }
        case .exists(let flag):
            switch value {
            case .absent: return !flag
            case .json(let values): return values.contains { $0 != .null } == flag
            default: return flag
            }
        default:
            switch value {
            case .absent: return false
            case .string(let s): return leaf(string: s)
            case .int(let i): return leaf(number: Double(i), text: nil)
            case .bool(let b): return leaf(bool: b)
            case .json(let values): return values.contains { leaf(json: $0) }
            }
        }
    }

    private func leaf(string s: String) -> Bool {
        switch self {
        case .equals(let lit): return lit.lengthDecides && lit.text.utf8.count != s.utf8.count ? false : lit.text == s
        case .regex(let r): return r.matches(s)
        case .prefix(let p): return s.hasPrefix(p)
        case .contains(let c): return s.contains(c)
        case .compare(let op, let bound):
            guard let d = Double(s.trimmingCharacters(in: .whitespaces)) else { return false }
            return op.holds(d, bound)
        default: return false
        }
    }

    private func leaf(number d: Double, text: String?) -> Bool {
        switch self {
        case .equals(let lit): return lit.number == d
        case .compare(let op, let bound): return op.holds(d, bound)
        default: return false
        }
    }

    private func leaf(bool b: Bool) -> Bool {
        if case .equals(let lit) = self { return lit.bool == b }
        return false
    }

    private func leaf(json v: JSONValue) -> Bool {
        switch v {
        case .string(let s): return leaf(string: s)
        case .number(let d): return leaf(number: d, text: nil)
        case .bool(let b): return leaf(bool: b)
        default: return false
        }
    }

    /// The condition in rule syntax, for explanations and lint messages.
    public var description: String {
        func quoted(_ s: String) -> String {
            var w = JSONWriter()
            w.string(s)
            return w.text
        }
        func number(_ d: Double) -> String {
            var w = JSONWriter()
            w.number(d)
            return w.text
        }
        switch self {
        case .equals(let lit): return lit.text
        case .anyOf(let options): return "[" + options.map(\.description).joined(separator: ", ") + "]"
        case .not(let inner): return "{not: \(inner)}"
        case .regex(let r): return "{regex: \(quoted(r.pattern))}"
        case .prefix(let p): return "{prefix: \(quoted(p))}"
        case .contains(let c): return "{contains: \(quoted(c))}"
        case .compare(let op, let bound): return "{\(op.rawValue): \(number(bound))}"
        case .exists(let flag): return "{exists: \(flag)}"
        case .all(let parts):
            // Each part prints as a one-entry map; merge them back into one.
            return "{" + parts.map { String($0.description.dropFirst().dropLast()) }.joined(separator: ", ") + "}"
        }
    }

    /// True when the condition holds exactly for its ``literalValues`` (a plain equality or an
    /// any-of of them), so that routing on those values decides it.
    var isLiteralSet: Bool {
        switch self {
        case .equals: return true
        case .anyOf(let options): return options.allSatisfy(\.isLiteralSet)
        default: return false
        }
    }

    /// The literal values this condition can equal, when it is a plain equality or any-of
    /// of equalities; nil when it can match other values too. Used to index rules.
    var literalValues: [String]? {
        switch self {
        case .equals(let lit): return [lit.text]
        case .anyOf(let options):
            var all: [String] = []
            for o in options {
                guard let values = o.literalValues else { return nil }
                all += values
            }
            return all
        case .all(let parts):
            // The intersection is at most any one part's literals.
            for p in parts { if let v = p.literalValues { return v } }
            return nil
        default: return nil
        }
    }
}
