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
/// A call is forgotten once its own charge point shows an event more than ``maxWait`` after
/// it (each charge point's clock is the latest time among its events so far). By its own
/// events only: then whether a late answer still finds its call does not depend on what
/// else the stream, or a shard of it, holds, and a run gives the same pairs on any number
/// of threads. So memory stays flat in the length of the log; at most ``capacity`` calls wait
/// at once (beyond that the oldest waiting calls are forgotten, the one case where what else
/// the stream holds matters: the calls of a charge point gone silent wait until then). It
/// grows with the number of distinct charge points
/// (a slot each, as the engine's state does); a charge point's list gives its memory back
/// when it empties after a flood.
struct CallCorrelator {
    struct Call {
        var uniqueId: String
        /// The way the call went.
        var direction: Direction
        var action: String
        var connectorId: Int?
        var sequence: Int
        var time: Timestamp
    }

    /// The calls of one charge point waiting for their answer. A charge point has a few at a
    /// time, so they are searched in order; past ``indexedFrom`` (a flood of calls nobody
    /// answers) a dictionary by id and direction takes over, so a lookup never scans far.
    struct Waiting {
        struct Key: Hashable {
            var uniqueId: String
            var direction: Direction

            /// `String`'s own hash agrees with `==` (canonically equivalent ids are equal);
            /// the direction as a flag, not as its raw value (a string).
            func hash(into hasher: inout Hasher) {
                hasher.combine(uniqueId)
                hasher.combine(direction == .in)
            }
        }

        static let indexedFrom = 32
        private(set) var calls: [Call] = []
        private var index: [Key: Int]?

        @inline(__always)
        func position(of id: String, _ direction: Direction) -> Int? {
            if let index { return index[Key(uniqueId: id, direction: direction)] }
            return calls.withUnsafeBufferPointer { calls in
                for i in calls.indices where calls[i].direction == direction && calls[i].uniqueId == id { return i }
                return nil
            }
        }

        /// Takes out the calls older than `limit`, handing each to `forgotten`; returns the
        /// time of the oldest call left.
        @inline(never)
        mutating func forget(before limit: Timestamp, _ forgotten: (Call) -> Void) -> Timestamp? {
            var i = 0
            var oldest: Timestamp?
            while i < calls.count {
                let time = calls[i].time
                if time < limit {
                    forgotten(remove(at: i))
                } else {
                    if oldest == nil || time < oldest! { oldest = time }
                    i += 1
                }
            }
            return oldest
        }

        mutating func append(_ call: Call) {
            calls.append(call)
            if index != nil {
                index![Key(uniqueId: call.uniqueId, direction: call.direction)] = calls.count - 1
            } else if calls.count > Waiting.indexedFrom {
                index = Dictionary(calls.indices.map { (Key(uniqueId: calls[$0].uniqueId, direction: calls[$0].direction), $0) },
                                   uniquingKeysWith: { _, last in last })
            }
        }

        /// Puts a call in the place of one with the same id and direction.
        mutating func replace(at i: Int, with call: Call) { calls[i] = call }

        /// Takes a call out (the last call moves into its place: the order does not matter).
        mutating func remove(at i: Int) -> Call {
            let last = calls.count - 1
            if i != last { calls.swapAt(i, last) }
            let call = calls.removeLast()
            if calls.isEmpty && calls.capacity > 4 * Waiting.indexedFrom { calls = [] }  // after a flood
            if index != nil {
                index![Key(uniqueId: call.uniqueId, direction: call.direction)] = nil
                if i != last { index![Key(uniqueId: calls[i].uniqueId, direction: calls[i].direction)] = i }
                if calls.count < Waiting.indexedFrom / 4 { index = nil }
            }
            return call
        }
    }

    static let capacity = 100_000
    static let maxWait = TimeSpan.minutes(10)
    /// Calls waiting for their answer, per charge point (by its slot, see ``slot(of:)``):
    /// looking a call up by charge point and id in one dictionary hashed both strings twice per
    /// pair, the correlator's largest cost (measured).
    private var waiting: [Waiting] = []
    /// By slot, in milliseconds since the epoch: each charge point's clock (the latest time
    /// among its events so far; `Int64.min` before the first); a time no waiting call is older
    /// than (removals leave it, so it may be older than every call); and the clock when its
    /// calls were last looked over for old ones. Apart from ``waiting``, so that the check made
    /// for every event touches plain numbers only.
    private var clocks: [Int64] = []
    private var oldestWaiting: [Int64] = []
    private var lookedOver: [Int64] = []
    private var waitingCount = 0
    private var slots = ChargePointSlots()
    /// Calls in arrival order, to find the oldest when over capacity, and to give memory back;
    /// entries no longer waiting are skipped when reached. The call numbered `s` is at
    /// `order[s - firstInOrder]`, so an answer marks its call here.
    private var order: Deque<(slot: Int32, uniqueId: String, direction: Direction, time: Timestamp, answered: Bool)> = []
    private var firstInOrder = 1
    private var sequence = 0
    private(set) var uncorrelated = 0

    /// Records a call, or resolves an answer in place.
    mutating func correlate(_ event: inout Event) {
        // Every event moves its charge point's clock, and the calls older than the wait
        // before that clock are forgotten.
        let slot = self.slot(of: event.chargePointId)
        event.chargePointSlot = Int32(truncatingIfNeeded: slot)
        let now = event.timestamp.millisecondsSinceEpoch
        if now > clocks[slot] {
            clocks[slot] = now
            if oldestWaiting[slot] < (event.timestamp - CallCorrelator.maxWait).millisecondsSinceEpoch { forgetOld(slot, now: event.timestamp) }
        }
        guard let id = event.uniqueId else { return }
        forgetOldCalls()  // upkeep: most events find nothing at the queue's front to drop
        let isCall = event.messageType == .call
        guard isCall || event.type == FrameDecoder.pendingType else { return }
        if isCall {
            sequence += 1
            let call = Call(uniqueId: id, direction: event.direction, action: event.type, connectorId: event.connectorId,
                            sequence: sequence, time: event.timestamp)
            if let i = waiting[slot].position(of: id, call.direction) {
                markAnswered(waiting[slot].calls[i].sequence)  // replaced by this later call with its key
                waiting[slot].replace(at: i, with: call)
            } else {
                waiting[slot].append(call)
                waitingCount += 1
            }
            oldestWaiting[slot] = min(oldestWaiting[slot], now)
            order.append((Int32(slot), id, call.direction, event.timestamp, false))
            return
        }
        if event.directionIsInferred {
            if pair(&event, id, slot, callDirection: .out) || pair(&event, id, slot, callDirection: .in) { return }
        } else if pair(&event, id, slot, callDirection: event.direction.opposite) {
            return
        }
        event.type = "Unknown"
        uncorrelated += 1
    }

    /// The charge point's slot in ``waiting``, made on first sight.
    private mutating func slot(of chargePointId: String) -> Int {
        let (slot, isNew) = slots.slot(of: chargePointId)
        if isNew {
            waiting.append(Waiting())
            clocks.append(.min)
            oldestWaiting.append(.max)
            lookedOver.append(.min)
        }
        return slot
    }

    /// Forgets the charge point's calls older than the wait before its clock `now`. A long
    /// list (a flood of calls nobody answers) is looked over at most once a second of the
    /// charge point's time, so that a flood stays linear: a call may then wait up to that
    /// second longer (still decided by this charge point's events alone).
    @inline(never)
    private mutating func forgetOld(_ slot: Int, now: Timestamp) {
        let ms = now.millisecondsSinceEpoch
        if waiting[slot].calls.count > Waiting.indexedFrom && ms < lookedOver[slot] &+ 1000 { return }
        lookedOver[slot] = ms
        var gone: [Int] = []
        let oldest = waiting[slot].forget(before: now - CallCorrelator.maxWait) { gone.append($0.sequence) }
        oldestWaiting[slot] = oldest?.millisecondsSinceEpoch ?? .max
        waitingCount -= gone.count
        for s in gone { markAnswered(s) }
    }

    /// Pairs the answer with a waiting call sent the `callDirection` way, if there is one.
    private mutating func pair(_ event: inout Event, _ id: String, _ slot: Int, callDirection: Direction) -> Bool {
        guard let i = waiting[slot].position(of: id, callDirection) else { return false }
        let call = waiting[slot].remove(at: i)
        waitingCount -= 1
        markAnswered(call.sequence)
        guard call.time >= event.timestamp - CallCorrelator.maxWait else { return false }
        event.type = call.action
        event.direction = callDirection.opposite
        if event.connectorId == nil { event.connectorId = call.connectorId }
        return true
    }

    /// Marks a call no longer waiting (answered, or replaced by a later call with its key).
    private mutating func markAnswered(_ sequence: Int) {
        let at = sequence - firstInOrder
        if at >= 0 && at < order.count { order[at].answered = true }
    }

    /// Drops from the front of the queue the entries no longer waiting; over capacity (calls
    /// waiting, or entries queued behind one still waiting), forgets the oldest waiting call.
    /// A call leaves the queue only when it no longer waits: a silent charge point's calls stay
    /// at its front until capacity forgets them, oldest first.
    private mutating func forgetOldCalls() {
        while let first = order.first {
            let overCapacity = waitingCount > CallCorrelator.capacity || order.count > 2 * CallCorrelator.capacity
            if first.answered || overCapacity {
                // Not answered nor replaced nor forgotten: the call with this id and direction is this one.
                if !first.answered, let i = waiting[Int(first.slot)].position(of: first.uniqueId, first.direction) {
                    _ = waiting[Int(first.slot)].remove(at: i)
                    waitingCount -= 1
                }
                order.removeFirst()
                firstInOrder += 1
            } else {
                return
            }
        }
    }
}
