import DequeModule

/// An event kept for history clauses, with the history patterns it matched.
struct StoredEvent {
    var sequence: Int64
    var timestamp: Timestamp
    var connectorId: Int?
    /// Bit i set when the event matches `CompiledPack.historyMatchers[i]`.
    var matched: BitSet
    var source: SourceRef
}

/// The last status event of a connector, with whether it changed the status.
struct StatusRecord {
    var event: Event
    var statusChanged: Bool
}

/// A `for:` rule waiting for its trigger's status to persist.
struct PendingTimer {
    var id: Int64
    var ruleIndex: Int
    var trigger: Event
    var triggerSequence: Int64
    var status: String
    var deadline: Timestamp
    var match: RuleMatch
}

/// Reference types so the per-event updates mutate in place (a struct copied out of the
/// dictionary and written back would copy its history deque on every event).
final class ConnectorState {
    var lastStatus: StatusRecord?
    /// Pending timer id by rule index.
    var pending: [Int: Int64] = [:]
    /// Rules that already fired for the current status episode, with that status.
    var fired: [Int: String] = [:]
}

/// Everything the engine remembers about one charge point; bounded by the pack's longest
/// window and by a hard cap on stored events.
final class ChargePointState {
    var history: HistoryStore

    init(tierCount: Int) { history = HistoryStore(tierCount: tierCount) }
    /// Keyed by connector id; -1 stands for events without a connector.
    var connectors: [Int: ConnectorState] = [:]
    var lastStatusAnyConnector: StatusRecord?

    static func key(_ connectorId: Int?) -> Int { connectorId ?? -1 }

    func connector(_ id: Int?) -> ConnectorState {
        let key = ChargePointState.key(id)
        if let c = connectors[key] { return c }
        let c = ConnectorState()
        connectors[key] = c
        return c
    }
}

/// A small growable bit set; inline for up to 64 patterns, which covers typical packs.
struct BitSet: Equatable {
    private var low: UInt64 = 0
    private var high: [UInt64] = []

    var isEmpty: Bool { low == 0 && high.allSatisfy { $0 == 0 } }

    mutating func insert(_ i: Int) {
        if i < 64 {
            low |= 1 << UInt64(i)
        } else {
            let word = i / 64 - 1
            while high.count <= word { high.append(0) }
            high[word] |= 1 << UInt64(i % 64)
        }
    }

    func contains(_ i: Int) -> Bool {
        if i < 64 { return low & (1 << UInt64(i)) != 0 }
        let word = i / 64 - 1
        return word < high.count && high[word] & (1 << UInt64(i % 64)) != 0
    }
}
