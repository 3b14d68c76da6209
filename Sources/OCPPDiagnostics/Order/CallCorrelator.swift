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

        static func == (a: Key, b: Key) -> Bool {
            a.direction == b.direction && a.uniqueId == b.uniqueId && a.chargePointId == b.chargePointId
        }

        /// The two ids and a flag for the direction: hashing the direction's raw value, as the
        /// synthesized hash did, was a third string to hash per key (measured). The ids go
        /// through `String`'s own hash, which agrees with `==` (canonically equivalent ids are
        /// equal), as a hash of their raw bytes would not.
        func hash(into hasher: inout Hasher) {
            hasher.combine(uniqueId)
            hasher.combine(chargePointId)
            hasher.combine(direction == .in)
        }
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
    /// The call numbered `s` is at `order[s - firstInOrder]`, so an answer marks its call here
    /// without a second lookup.
    private var order: Deque<(key: Key, time: Timestamp, answered: Bool)> = []
    private var firstInOrder = 1
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
            let call = Call(action: event.type, connectorId: event.connectorId, sequence: sequence, time: event.timestamp)
            if let replaced = pending.updateValue(call, forKey: key) { markAnswered(replaced) }
            order.append((key, event.timestamp, false))
            return
        }
        guard event.type == FrameDecoder.pendingType else { return }
        if event.directionIsInferred {
            if pair(&event, callDirection: .out) || pair(&event, callDirection: .in) { return }
        } else if pair(&event, callDirection: event.direction.opposite) {
            return
        }
        event.type = "Unknown"
        uncorrelated += 1
    }

    /// Pairs the answer with a waiting call sent the `callDirection` way, if there is one.
    private mutating func pair(_ event: inout Event, callDirection: Direction) -> Bool {
        let key = Key(chargePointId: event.chargePointId, direction: callDirection, uniqueId: event.uniqueId!)
        guard let call = pending.removeValue(forKey: key) else { return false }
        markAnswered(call)
        guard call.time >= event.timestamp - CallCorrelator.maxWait else { return false }
        event.type = call.action
        event.direction = callDirection.opposite
        if event.connectorId == nil { event.connectorId = call.connectorId }
        return true
    }

    /// Marks a call no longer waiting (answered, or replaced by a later call with its key).
    private mutating func markAnswered(_ call: Call) {
        let at = call.sequence - firstInOrder
        if at >= 0 && at < order.count { order[at].answered = true }
    }

    /// Drops answered entries from the front of the queue, and calls waiting too long or beyond capacity.
    private mutating func forgetOldCalls(now: Timestamp) {
        while let first = order.first {
            if first.answered || first.time < now - CallCorrelator.maxWait || pending.count > CallCorrelator.capacity
                || order.count > 2 * CallCorrelator.capacity {
                if !first.answered { pending[first.key] = nil }
                order.removeFirst()
                firstInOrder += 1
            } else {
                return
            }
        }
    }
}
