import DequeModule

/// An event kept for history clauses, with the history patterns it matched.
struct StoredEvent {
    var sequence: Int64
    var timestamp: Timestamp
    var connectorId: Int?
    /// Bit i set when the event matches `CompiledPack.historyMatchers[i]`.
    var matched: BitSet
    /// Index into the evaluator's file names, and the line: no string, so copies are plain.
    var file: Int32
    var line: Int32
}

/// The last status event of a connector, with whether it changed the status. A class: it
/// is read for every candidate rule with a `previous` clause, and a reference is one
/// retain where the event's value would be a dozen.
final class StatusRecord: Sendable {
    let event: Event
    let statusChanged: Bool

    init(event: Event, statusChanged: Bool) {
        self.event = event
        self.statusChanged = statusChanged
    }
}

/// The last statuses `previous` clauses read at one trigger, reached on first use: most
/// candidate rules fail on another clause first, and a fleet's connector and status objects
/// are out of cache (reaching them for every event that had such a candidate was measured).
struct PreviousStatuses {
    private let state: ChargePointState?
    private let connectorId: Int?
    private var connector: ConnectorState?
    private var connectorStatus: StatusRecord??
    private var anyConnectorStatus: StatusRecord??

    /// `connector`: the trigger's connector state, when the caller already reached it.
    init(state: ChargePointState, connectorId: Int?, connector: ConnectorState?) {
        self.state = state
        self.connectorId = connectorId
        self.connector = connector
    }

    private init() {
        state = nil
        connectorId = nil
    }

    /// Nothing to read: a late event (the last status known is newer than it).
    static var none: PreviousStatuses { PreviousStatuses() }

    /// The last status of the trigger's connector.
    mutating func ofConnector() -> StatusRecord? {
        if let known = connectorStatus { return known }
        guard let state else { return nil }
        if connector == nil { connector = state.connector(connectorId) }
        let found = connector!.lastStatus
        connectorStatus = .some(found)
        return found
    }

    /// The last status of any connector of the charge point.
    mutating func ofAnyConnector() -> StatusRecord? {
        if let known = anyConnectorStatus { return known }
        let found = state?.lastStatusAnyConnector
        anyConnectorStatus = .some(found)
        return found
    }
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
    @exclusivity(unchecked) var lastStatus: StatusRecord?
    /// Advances on each recovery (see ``Diagnosis/episode``).
    @exclusivity(unchecked) var episode = 0
    /// Pending timer id by rule index.
    @exclusivity(unchecked) var pending: [Int: Int64] = [:]
    /// Rules that already fired for the current status episode, with that status.
    @exclusivity(unchecked) var fired: [Int: String] = [:]
}

/// Everything the engine remembers about one charge point; bounded by the pack's longest
/// window and by a hard cap on stored events.
final class ChargePointState {
    let id: String
    @exclusivity(unchecked) var history: HistoryStore
    /// The newest few events of the patterns that need no more, by pattern index (nil for
    /// the other patterns, and until a first event matches).
    @exclusivity(unchecked) var recent: [RecentEvents?]

    init(id: String, tierCount: Int, patternCount: Int) {
        self.id = id
        history = HistoryStore(tierCount: tierCount)
        recent = Array(repeating: nil, count: patternCount)
    }
    /// Keyed by ``key(_:)``: ``noConnector`` stands for events without one.
    @exclusivity(unchecked) var connectors: [Int: ConnectorState] = [:]
    @exclusivity(unchecked) var lastStatusAnyConnector: StatusRecord?

    static let noConnector = Int.min
    /// A connector id as a key, never ``noConnector`` for an id: decoded ids stay far from it
    /// (``JSONValue/intValue``), and an `Int.min` handed in through the library's own `Event`
    /// shares its key with `Int.min + 1`, not with events that name no connector.
    static func key(_ connectorId: Int?) -> Int {
        guard let id = connectorId else { return noConnector }
        return id == noConnector ? noConnector + 1 : id
    }

    /// The usual connectors (none, 0, 1, 2) in the object itself, beside the dictionary that
    /// holds them all: every event looks its connector up, and hashing an Int, or reaching a
    /// separate array, was a measured cost (a fleet's state does not stay in cache).
    @exclusivity(unchecked) private var noConnectorState: ConnectorState?
    @exclusivity(unchecked) private var connector0: ConnectorState?
    @exclusivity(unchecked) private var connector1: ConnectorState?
    @exclusivity(unchecked) private var connector2: ConnectorState?

    func connector(_ id: Int?) -> ConnectorState {
        switch id {
        case nil: if let c = noConnectorState { return c }
        case 0?: if let c = connector0 { return c }
        case 1?: if let c = connector1 { return c }
        case 2?: if let c = connector2 { return c }
        default: break
        }
        let key = ChargePointState.key(id)
        let c: ConnectorState
        if let known = connectors[key] {
            c = known
        } else {
            c = ConnectorState()
            connectors[key] = c
        }
        switch id {
        case nil: noConnectorState = c
        case 0?: connector0 = c
        case 1?: connector1 = c
        case 2?: connector2 = c
        default: break
        }
        return c
    }
}

/// A small growable bit set: two inline words cover 128 patterns, which typical packs stay
/// under, so most stored events carry no heap reference at all (and copy without refcounting).
struct BitSet: Equatable {
    private var w0: UInt64 = 0
    private var w1: UInt64 = 0
    private var overflow: [UInt64]?

    var isEmpty: Bool { w0 == 0 && w1 == 0 && (overflow?.allSatisfy { $0 == 0 } ?? true) }

    mutating func insert(_ i: Int) {
        switch i {
        case 0..<64: w0 |= 1 << UInt64(i)
        case 64..<128: w1 |= 1 << UInt64(i - 64)
        default:
            let word = i / 64 - 2
            var words = overflow ?? []
            while words.count <= word { words.append(0) }
            words[word] |= 1 << UInt64(i % 64)
            overflow = words
        }
    }

    @inline(__always)
    func contains(_ i: Int) -> Bool {
        switch i {
        case 0..<64: return w0 & (1 << UInt64(i)) != 0
        case 64..<128: return w1 & (1 << UInt64(i - 64)) != 0
        default:
            let word = i / 64 - 2
            guard let words = overflow, word < words.count else { return false }
            return words[word] & (1 << UInt64(i % 64)) != 0
        }
    }
}
