import DequeModule

/// Pairs CALLRESULTs and CALLERRORs with the CALL they answer.
///
/// Unique ids are unique only per sender, and counter-style ids repeat across charge
/// points, so a call is keyed by charge point, the call's direction and its id; the
/// answer travels the opposite way. The answer takes the call's action as its `type`
/// and, when it has none, the call's connector. Pending calls are capped (oldest dropped).
struct CallCorrelator {
    struct Key: Hashable {
        var chargePointId: String
        var direction: Direction
        var uniqueId: String
    }

    struct Call {
        var action: String
        var connectorId: Int?
    }

    static let capacity = 200_000
    private var pending: [Key: Call] = [:]
    private var order: Deque<Key> = []
    private(set) var uncorrelated = 0

    /// Records a call, or resolves an answer in place.
    mutating func correlate(_ event: inout Event) {
        guard let id = event.uniqueId else { return }
        if event.messageType == .call {
            let key = Key(chargePointId: event.chargePointId, direction: event.direction, uniqueId: id)
            if pending.updateValue(Call(action: event.type, connectorId: event.connectorId), forKey: key) == nil {
                order.append(key)
                if order.count > CallCorrelator.capacity, let oldest = order.popFirst() { pending[oldest] = nil }
            }
            return
        }
        guard event.type == FrameDecoder.pendingType else { return }
        let directions = event.directionIsInferred ? [Direction.out, .in] : [event.direction.opposite]
        for callDirection in directions {
            let key = Key(chargePointId: event.chargePointId, direction: callDirection, uniqueId: id)
            if let call = pending.removeValue(forKey: key) {
                event.type = call.action
                event.direction = callDirection.opposite
                if event.connectorId == nil { event.connectorId = call.connectorId }
                return
            }
        }
        event.type = "Unknown"
        uncorrelated += 1
    }
}
