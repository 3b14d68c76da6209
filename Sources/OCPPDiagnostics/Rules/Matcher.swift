/// A field of an event that rules can test.
public enum Field: Hashable, Sendable, CustomStringConvertible {
    case type, messageType, direction, status, errorCode, vendorId, vendorErrorCode, info
    case connectorId, chargePointId, statusChanged
    case payload([String])

    public static let namedFields: [String: Field] = [
        "type": .type, "messageType": .messageType, "direction": .direction, "status": .status,
        "errorCode": .errorCode, "vendorId": .vendorId, "vendorErrorCode": .vendorErrorCode, "info": .info,
        "connectorId": .connectorId, "chargePointId": .chargePointId, "statusChanged": .statusChanged,
    ]

    public static let names = [
        "type", "messageType", "direction", "status", "errorCode", "vendorId", "vendorErrorCode", "info",
        "connectorId", "chargePointId", "statusChanged", "payload.",
    ]

    public var description: String {
        switch self {
        case .payload(let path): return "payload." + path.joined(separator: ".")
        default: return Field.namedFields.first { $0.value == self }!.key
        }
    }
}

/// What a matcher needs to know about an event beyond its own fields.
public struct MatchContext: Sendable {
    /// For a StatusNotification: whether its status or error code differs from the connector's previous one.
    public var statusChanged: Bool?

    public init(statusChanged: Bool?) { self.statusChanged = statusChanged }
}

/// A set of field conditions that must all hold (a rule's `when`, or a history clause's event pattern).
public struct Matcher: Hashable, Sendable, CustomStringConvertible {
    public var conditions: [(Field, Condition)]
    /// Set when the matcher names `status` or `errorCode` but not `type`.
    public var impliesStatusNotification: Bool

    public init(conditions: [(Field, Condition)]) {
        self.conditions = conditions
        let fields = Set(conditions.map(\.0))
        impliesStatusNotification = (fields.contains(.status) || fields.contains(.errorCode)) && !fields.contains(.type)
    }

    public static let everything = Matcher(conditions: [])

    /// The matcher in rule syntax: `{status: Faulted, errorCode: GroundFailure}`.
    public var description: String {
        "{" + conditions.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
    }

    public static func == (a: Matcher, b: Matcher) -> Bool {
        a.conditions.count == b.conditions.count
            && zip(a.conditions, b.conditions).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public func hash(into h: inout Hasher) {
        for (f, c) in conditions {
            h.combine(f)
            h.combine(c)
        }
    }

    public func matches(_ event: Event, _ context: MatchContext) -> Bool {
        if !impliedTypeHolds(event) { return false }
        for (field, condition) in conditions where !Matcher.holds(field, condition, event, context) {
            return false
        }
        return true
    }

    /// The implicit `type: StatusNotification` of a matcher that names `status` or `errorCode`.
    @inline(__always)
    func impliedTypeHolds(_ event: Event) -> Bool {
        !impliesStatusNotification || OCPPVocabulary.isStatusNotification(event.type)
    }

    /// One condition of a matcher on one event. ``matches(_:_:)`` and ``trace(_:_:)`` both
    /// decide through here, so an explanation can never disagree with evaluation.
    @inline(__always)
    static func holds(_ field: Field, _ condition: Condition, _ event: Event, _ context: MatchContext) -> Bool {
        condition.matches(value(of: field, in: event, context))
    }

    /// Every condition's verdict on `event`, in the order written, with the value it saw
    /// (all of them, not only up to the first failure). The implied `type` comes first.
    public func trace(_ event: Event, _ context: MatchContext) -> [ConditionTrace] {
        var out: [ConditionTrace] = []
        if impliesStatusNotification {
            out.append(ConditionTrace(field: "type", condition: "StatusNotification", actual: event.type,
                                      passed: impliedTypeHolds(event), implied: true))
        }
        for (field, condition) in conditions {
            let value = Matcher.value(of: field, in: event, context)
            var actual: String? = value.description
            if case .absent = value { actual = nil }
            out.append(ConditionTrace(field: field.description, condition: condition.description,
                                      actual: actual, passed: Matcher.holds(field, condition, event, context)))
        }
        return out
    }

    public static func value(of field: Field, in e: Event, _ context: MatchContext) -> FieldValue {
        func opt(_ s: String?) -> FieldValue { s.map(FieldValue.string) ?? .absent }
        switch field {
        case .type: return .string(e.type)
        case .messageType: return .string(e.messageType.rawValue)
        case .direction: return .string(e.direction.rawValue)
        case .status: return opt(e.status)
        case .errorCode: return opt(e.errorCode)
        case .vendorId: return opt(e.vendorId)
        case .vendorErrorCode: return opt(e.vendorErrorCode)
        case .info: return opt(e.info)
        case .connectorId: return e.connectorId.map(FieldValue.int) ?? .absent
        case .chargePointId: return .string(e.chargePointId)
        case .statusChanged: return context.statusChanged.map(FieldValue.bool) ?? .absent
        case .payload(let path):
            var found: [JSONValue] = []
            collect(e.payload, path[...], into: &found)
            return found.isEmpty ? .absent : .json(found)
        }
    }

    /// Follows a dotted path; a numeric segment indexes an array, and a path that
    /// crosses an array without an index fans out to every element.
    static func collect(_ value: JSONValue, _ path: ArraySlice<String>, into found: inout [JSONValue]) {
        guard let segment = path.first else {
            // A path ending on an array reaches its elements (`payload.tags: foo` finds "foo" in ["foo","bar"]).
            if case .array(let items) = value { found += items } else { found.append(value) }
            return
        }
        switch value {
        case .object:
            if let next = value[segment] { collect(next, path.dropFirst(), into: &found) }
        case .array(let items):
            if let index = Int(segment) {
                if index >= 0 && index < items.count { collect(items[index], path.dropFirst(), into: &found) }
            } else {
                for item in items { collect(item, path, into: &found) }
            }
        default:
            return
        }
    }

    /// The values this matcher's `field` may take, when they are a closed list; nil when open.
    func literalValues(of field: Field) -> [String]? {
        for (f, c) in conditions where f == field {
            if let values = c.literalValues { return values }
        }
        if field == .type && impliesStatusNotification { return ["StatusNotification"] }
        return nil
    }
}

/// One condition's verdict in an explanation: what was tested, what the event had, and the result.
public struct ConditionTrace: Hashable, Sendable {
    public var field: String
    /// The condition in rule syntax (`Faulted`, `{not: NoError}`, `[A, B]`).
    public var condition: String
    /// The event's value, or nil when the event lacks the field.
    public var actual: String?
    public var passed: Bool
    /// The `type: StatusNotification` that `status` or `errorCode` imply, not written in the rule.
    public var implied = false
}

extension FieldValue: CustomStringConvertible {
    /// The value for people; nil-like `absent` is rendered by callers.
    public var description: String {
        switch self {
        case .absent: return "(absent)"
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .json(let values): return values.count == 1 ? values[0].jsonText : "[" + values.map(\.jsonText).joined(separator: ", ") + "]"
        }
    }
}
