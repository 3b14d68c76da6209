import DequeModule

/// Pairs CALLRESULTs and CALLERRORs with the CALL they answer.
///
/// Unique ids are unique only per sender, and counter-style ids repeat across charge
/// points, so a call is keyed by charge point, the call's direction and its id; the
/// answer travels the opposite way. The answer takes the call's action as its `type`
/// and, when it has none, the call's connector.
///
/// An answer pairs with its call only if it comes at most ``maxWait`` after it (OCPP-J
/// answers come within seconds; the spec's message timeouts are far shorter): that depends
/// on the two events alone, not on what else the stream (or a shard of it) holds.
///
/// Memory stays flat: calls past their wait are swept away, and at most ``capacity`` calls
/// wait at once (beyond that the oldest waiting call is forgotten).
struct CallCorrelator {
    struct Key: Hashable {
        var chargePointId: String
        var direction: Direction
        var uniqueId: String
    }

    struct Call {
        var action: String
        var connectorId: Int?
        var sequence: Int
        var time: Timestamp
    }

    static let capacity = 100_000
    static let maxWait = TimeSpan.minutes(10)
    private var pending: [Key: Call] = [:]
    /// Calls in arrival order, to forget the old ones; answered entries are skipped when reached.
    private var order: Deque<(key: Key, time: Timestamp, sequence: Int)> = []
    private var sequence = 0
    private(set) var uncorrelated = 0
    /// When the queue was last swept (see ``forgetOldCalls(now:)``).
    private var swept: Timestamp?

    /// Records a call, or resolves an answer in place.
    mutating func correlate(_ event: inout Event) {
        guard let id = event.uniqueId else { return }
        // A call past its wait is never paired, swept or not: sweeping is upkeep, done once per
        // second of log time rather than for every event (and whenever the queue is full).
        if swept == nil || event.timestamp >= swept! + .seconds(1) || event.timestamp < swept!
            || pending.count > CallCorrelator.capacity || order.count > 2 * CallCorrelator.capacity {
            forgetOldCalls(now: event.timestamp)
            swept = event.timestamp
        }
        if event.messageType == .call {
            let key = Key(chargePointId: event.chargePointId, direction: event.direction, uniqueId: id)
            sequence += 1
            pending[key] = Call(action: event.type, connectorId: event.connectorId, sequence: sequence, time: event.timestamp)
            order.append((key, event.timestamp, sequence))
            return
        }
        guard event.type == FrameDecoder.pendingType else { return }
        let directions = event.directionIsInferred ? [Direction.out, .in] : [event.direction.opposite]
        for callDirection in directions {
            let key = Key(chargePointId: event.chargePointId, direction: callDirection, uniqueId: id)
            if let call = pending.removeValue(forKey: key), call.time >= event.timestamp - CallCorrelator.maxWait {
                event.type = call.action
                event.direction = callDirection.opposite
                if event.connectorId == nil { event.connectorId = call.connectorId }
                return
            }
        }
        event.type = "Unknown"
        uncorrelated += 1
    }

    /// Drops answered entries from the front of the queue, and calls waiting too long or beyond capacity.
    private mutating func forgetOldCalls(now: Timestamp) {
        while let first = order.first {
            let current = pending[first.key]
            let answered = current == nil || current!.sequence != first.sequence
            if answered || first.time < now - CallCorrelator.maxWait || pending.count > CallCorrelator.capacity
                || order.count > 2 * CallCorrelator.capacity {
                if !answered { pending[first.key] = nil }
                order.removeFirst()
            } else {
                return
            }
        }
    }
}
