/// The newest few events of one history pattern on one charge point, per connector.
///
/// Some clauses never need more than the newest few matching events: a count with only an
/// upper bound (`atMost: k` holds exactly when at most k events fall in the window, so the
/// newest k+1 decide it — silence rules are `count: {}` … `atMost: 1`), and a one-step
/// sequence (is there one such event before the trigger?). Patterns used only by such
/// clauses keep the newest few here instead of every event in the history tiers, so
/// memory does not grow with the traffic inside their window.
struct RecentEvents {
    /// Newest last, at most `keep` per connector key (``ChargePointState/noConnector``: no connector) and for the charge point.
    private(set) var byConnector: [Int: [StoredEvent]] = [:]
    private(set) var all: [StoredEvent] = []

    mutating func add(_ stored: StoredEvent, keep: Int) {
        RecentEvents.push(stored, into: &all, keep: keep)
        RecentEvents.push(stored, into: &byConnector[ChargePointState.key(stored.connectorId), default: []], keep: keep)
    }

    private static func push(_ stored: StoredEvent, into list: inout [StoredEvent], keep: Int) {
        var at = list.endIndex
        while at > list.startIndex, list[at - 1].timestamp > stored.timestamp { at -= 1 }  // a late event
        list.insert(stored, at: at)
        if list.count > keep { list.removeFirst(list.count - keep) }
    }

    /// The events a clause of this scope sees for a trigger on `connectorId`, newest last.
    func visible(to connectorId: Int?, _ scope: Scope) -> [StoredEvent] {
        if scope == .chargePoint { return all }
        let own = byConnector[ChargePointState.key(connectorId)] ?? []
        guard connectorId != nil, let shared = byConnector[ChargePointState.noConnector], !shared.isEmpty else { return own }
        return (own + shared).sorted { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
    }
}
