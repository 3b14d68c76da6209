/// Where a history clause looks: the trigger's connector (with charge-point-wide
/// events), or every event of the charge point.
public enum Scope: String, Sendable, CaseIterable {
    case connector, chargePoint
}

/// One entry of a rule's `history:` list (DESIGN §4 "History clauses").
public struct HistoryClause: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case count(Matcher, within: TimeSpan, atLeast: Int?, atMost: Int?)
        case previous(Matcher, within: TimeSpan?)
        case sequence([Matcher], within: TimeSpan)
    }

    public var kind: Kind
    public var scope: Scope
    public var location: SourceLocation

    public init(kind: Kind, scope: Scope, location: SourceLocation) {
        self.kind = kind
        self.scope = scope
        self.location = location
    }

    /// How far back this clause looks in the history store (previous is tracked separately).
    var window: TimeSpan? {
        switch kind {
        case .count(_, let w, _, _): return w
        case .sequence(_, let w): return w
        case .previous: return nil
        }
    }
}

/// What a rule concludes.
public struct Outcome: Hashable, Sendable {
    public var cause: String
    public var action: Action
    public var severity: Severity
    public var message: MessageTemplate?

    public init(cause: String, action: Action, severity: Severity = .medium, message: MessageTemplate? = nil) {
        self.cause = cause
        self.action = action
        self.severity = severity
        self.message = message
    }
}

/// A validated rule (DESIGN §4), independent of YAML.
public struct Rule: Sendable {
    public var id: String
    public var title: String?
    public var description: String?
    public var priority: Int
    public var tags: [String]
    public var when: Matcher
    /// Number of fields written in `when` (for ranking by specificity).
    public var whenFieldCount: Int
    public var history: [HistoryClause]
    public var forDuration: TimeSpan?
    public var then: Outcome
    public var location: SourceLocation
    /// Where `when:` and the `for:` value are written (for lint warnings about them).
    public var whenLocation: SourceLocation?
    public var forLocation: SourceLocation?

    public init(
        id: String, title: String? = nil, description: String? = nil, priority: Int = 0, tags: [String] = [],
        when: Matcher, whenFieldCount: Int? = nil, history: [HistoryClause] = [], forDuration: TimeSpan? = nil,
        then: Outcome, location: SourceLocation, whenLocation: SourceLocation? = nil, forLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.priority = priority
        self.tags = tags
        self.when = when
        self.whenFieldCount = whenFieldCount ?? when.conditions.count
        self.history = history
        self.forDuration = forDuration
        self.then = then
        self.location = location
        self.whenLocation = whenLocation
        self.forLocation = forLocation
    }

    /// Fields in `when` + history clauses + 1 for `for:` (DESIGN §4 "Ranking").
    public var specificity: Int { whenFieldCount + history.count + (forDuration == nil ? 0 : 1) }
}
