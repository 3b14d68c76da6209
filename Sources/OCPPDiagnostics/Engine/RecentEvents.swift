/// The newest few events of one history pattern on one charge point, per connector.
///
/// Some clauses never need more than the newest few matching events: a count with only an
/// upper bound (`atMost: k` holds exactly when at most k events fall in the window, so the
/// newest k+1 decide it — silence rules are `count: {}` … `atMost: 1`), and a one-step
/// sequence (is there one such event before the trigger?). Patterns used only by such
/// clauses keep the newest few here instead of every event in the history tiers, so
/// memory does not grow with the traffic inside their window.
///
/// A value, one per pattern and charge point, held in the charge point's array by pattern
/// index: an event adds to it in place, with no dictionary lookup on the way, and reaches no
/// object of its own (a fleet's are out of cache: as a class it cost a miss per event, measured).
struct RecentEvents {
    /// The parts of a stored event a clause reads here: no pattern bits (every event of this
    /// list matched its pattern), so copies are plain memory.
    struct RecentEvent {
        var sequence: Int64
        var timestamp: Timestamp
        var connectorId: Int?
        var file: Int32
        var line: Int32

        init(_ stored: StoredEvent) {
            sequence = stored.sequence
            timestamp = stored.timestamp
            connectorId = stored.connectorId
            file = stored.file
            line = stored.line
        }
    }

    /// Newest last, at most `keep` per connector key (``ChargePointState/noConnector``: no
    /// connector; a charge point has a handful, so a list beats a dictionary) and for the charge point.
    private(set) var byConnector: [(key: Int, events: [RecentEvent])] = []
    private(set) var all: [RecentEvent] = []

    /// The lists a pattern's clauses read (set once, from ``CompiledPack/recentScopes``).
    let keepsAll: Bool
    let keepsByConnector: Bool

    init(scopes: Set<Scope>) {
        keepsAll = scopes.contains(.chargePoint)
        keepsByConnector = scopes.contains(.connector)
    }

    mutating func add(_ stored: RecentEvent, keep: Int) {
        if keepsAll { RecentEvents.push(stored, into: &all, keep: keep) }
        guard keepsByConnector else { return }
        let key = ChargePointState.key(stored.connectorId)
        if let i = byConnector.firstIndex(where: { $0.key == key }) {
            RecentEvents.push(stored, into: &byConnector[i].events, keep: keep)
        } else {
            byConnector.append((key, [stored]))
        }
    }

    private static func push(_ stored: RecentEvent, into list: inout [RecentEvent], keep: Int) {
        if list.count >= keep, let last = list.last, last.timestamp <= stored.timestamp {
            // In order and full (the usual case): slide the window by one.
            list.withUnsafeMutableBufferPointer { b in
                for k in 0..<(b.count - 1) { b[k] = b[k + 1] }
                b[b.count - 1] = stored
            }
            return
        }
        var at = list.endIndex
        while at > list.startIndex, list[at - 1].timestamp > stored.timestamp { at -= 1 }  // a late event
        list.insert(stored, at: at)
        if list.count > keep { list.removeFirst(list.count - keep) }
    }

    /// How many of the events a clause of this scope sees for a trigger on `connectorId` fall
    /// in `from...to`, and whether the one numbered `trigger` is among them: ``visible(to:_:)``
    /// counted without building it. `mutating` only so that a call through the charge point's
    /// array works on the lists in place: a copy of this value retained and released both.
    mutating func count(to connectorId: Int?, _ scope: Scope, from: Timestamp, to: Timestamp, trigger: Int64) -> (count: Int, triggerCounted: Bool) {
        func tally(_ list: UnsafeBufferPointer<RecentEvent>, into total: inout (count: Int, triggerCounted: Bool)) {
            for i in list.indices.reversed() {
                let stored = list[i]
                if stored.timestamp > to { continue }
                if stored.timestamp < from { break }
                total.count += 1
                if stored.sequence == trigger { total.triggerCounted = true }
            }
        }
        var total = (count: 0, triggerCounted: false)
        if scope == .chargePoint {
            all.withUnsafeBufferPointer { tally($0, into: &total) }
            return total
        }
        for k in byConnector.indices where RecentEvents.sees(byConnector[k].key, from: connectorId) {
            byConnector[k].events.withUnsafeBufferPointer { tally($0, into: &total) }
        }
        return total
    }

    /// Whether a trigger on `connectorId` sees the list kept under `key` in connector scope: its
    /// own connector's, and, when it has one, that of the events naming none.
    @inline(__always)
    private static func sees(_ key: Int, from connectorId: Int?) -> Bool {
        key == ChargePointState.key(connectorId) || (connectorId != nil && key == ChargePointState.noConnector)
    }

    /// The events a clause of this scope sees for a trigger on `connectorId`, newest last.
    func visible(to connectorId: Int?, _ scope: Scope) -> [RecentEvent] {
        if scope == .chargePoint { return all }
        let lists = byConnector.filter { RecentEvents.sees($0.key, from: connectorId) }
        guard lists.count > 1 else { return lists.first?.events ?? [] }
        return lists.flatMap(\.events).sorted { ($0.timestamp, $0.sequence) < ($1.timestamp, $1.sequence) }
    }
}
