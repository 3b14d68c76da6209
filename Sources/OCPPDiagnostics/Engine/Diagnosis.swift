/// A log line cited as evidence for a diagnosis.
public struct Evidence: Hashable, Sendable {
    public var source: SourceRef
    public var timestamp: Timestamp
}

/// A rule that also matched the trigger but ranked lower.
public struct Alternative: Sendable {
    public var ruleId: String
    public var action: Action
    public var severity: Severity
    public var cause: String
}

/// The engine's answer for one trigger: the top-ranked rule, its alternatives and the evidence.
public struct Diagnosis: Sendable {
    public var chargePointId: String
    public var connectorId: Int?
    /// The trigger time, or for a `for:` rule the trigger time + the duration.
    public var timestamp: Timestamp
    public var trigger: Event
    public var ruleId: String
    public var title: String?
    public var cause: String
    public var action: Action
    public var severity: Severity
    public var message: String?
    public var alternatives: [Alternative]
    public var evidence: [Evidence]
    public var rulesetHash: String
    /// Set for diagnoses made by a `for:` rule.
    public var forDuration: TimeSpan?
    /// The connector's episode (DESIGN §2, incidents): it advances each time the connector
    /// reports `Available` or `Charging` after another status, so the diagnoses between two
    /// recoveries share it. Reports group by it; it is not part of the record.
    public var episode = 0

    /// `ocppCommand` of the record: the CALL that carries out the action, if one does.
    public var ocppCommand: JSONValue? {
        action.ocppCommand(connectorId: connectorId, connectorUnknown: OCPPVocabulary.isStatusNotification(trigger.type) && trigger.connectorId == nil)
    }
}
