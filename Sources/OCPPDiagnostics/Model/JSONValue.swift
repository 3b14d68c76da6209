/// A parsed JSON value: an event's payload, addressable in rules as `payload.a.b`.
///
/// Objects keep their members in input order (a small array, not a dictionary): OCPP
/// payloads have a handful of keys, so a linear lookup is faster than hashing and
/// keeps the original order for output.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for (k, v) in members where k == key { return v }
        return nil
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var numberValue: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// An integer, from a JSON number with no fraction or a string of digits, of magnitude
    /// under 9×10¹⁵ either way (a number beyond is not exact as a double; the same bound for a
    /// string keeps `Int.min`, the engine's mark for "no connector", from being a connector id).
    public var intValue: Int? {
        switch self {
        case .number(let d):
            guard d.rounded() == d, abs(d) < 9e15 else { return nil }
            return Int(d)
        case .string(let s):
            guard let i = Int(s), i.magnitude < 9_000_000_000_000_000 else { return nil }
            return i
        default: return nil
        }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
