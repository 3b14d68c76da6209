/// Turns an OCPP-J frame (`[2,id,action,payload]`, `[3,id,payload]`, `[4,id,code,text,details]`)
/// plus what the log line says around it into an ``Event``.
///
/// Results and errors do not name their action; the ``CallCorrelator`` fills `type`
/// (and the connector and direction) from the CALL they answer, after ordering.
enum FrameDecoder {
    /// What a log line knows besides the frame.
    struct Envelope {
        var timestamp: Timestamp?
        var chargePointId: String?
        var direction: Direction?
        var source: SourceRef
    }

    enum Outcome {
        case event(Event)
        case skip(SkipReason, String)
    }

    static let pendingType = ""

    static func decode(frame: [JSONValue], envelope: Envelope, defaultTimestamp: Timestamp, recycler: EventRecycler? = nil) -> Outcome {
        guard frame.count >= 3, let typeId = frame[0].intValue else {
            return .skip(.badFrame, "expected [messageTypeId, uniqueId, …] with at least 3 elements")
        }
        guard let uniqueId = frame[1].stringValue ?? frame[1].intValue.map(String.init) else {
            return .skip(.badFrame, "the unique id is not a string")
        }
        guard let chargePointId = envelope.chargePointId, !chargePointId.isEmpty else {
            return .skip(.missingChargePoint, "no charge point id on the line, from --charge-point or the file name")
        }
        switch typeId {
        case 2, 6:  // CALL (and 2.1's unconfirmed SEND)
            guard frame.count == 4, let action = frame[2].stringValue else {
                return .skip(.badFrame, "a CALL has 4 elements: [2, uniqueId, action, payload]")
            }
            return .event(call(action: action, payload: frame[3], uniqueId: uniqueId, chargePointId: chargePointId,
                               envelope: envelope, defaultTimestamp: defaultTimestamp, recycler: recycler))
        case 3:
            guard frame.count == 3 else { return .skip(.badFrame, "a CALLRESULT has 3 elements: [3, uniqueId, payload]") }
            return .event(result(payload: frame[2], uniqueId: uniqueId, chargePointId: chargePointId,
                                 envelope: envelope, defaultTimestamp: defaultTimestamp, recycler: recycler))
        default:
            break
        }
        var event = Event(timestamp: envelope.timestamp ?? defaultTimestamp, chargePointId: chargePointId,
                          type: pendingType, uniqueId: uniqueId, source: envelope.source)
        switch typeId {
        case 4, 5:  // CALLERROR (and 2.1's CALLRESULTERROR)
            guard frame.count >= 4, frame.count <= 5, let code = frame[2].stringValue else {
                return .skip(.badFrame, "a CALLERROR has 5 elements: [4, uniqueId, errorCode, errorDescription, errorDetails]")
            }
            event.messageType = .error
            event.payload = .object([
                ("errorCode", .string(code)),
                ("errorDescription", frame[3]),
                ("errorDetails", frame.count == 5 ? frame[4] : .object([])),
            ])
            event.direction = envelope.direction ?? .in
        default:
            return .skip(.badFrame, "unknown message type id \(typeId)")
        }
        event.directionIsInferred = envelope.direction == nil && event.messageType != .call
        return .event(event)
    }

    /// The event of a well-formed CALL frame (shared with ``WrappedFrameLine``, which reads the parts directly).
    static func call(action: String, payload: JSONValue, uniqueId: String, chargePointId: String,
                     envelope: Envelope, defaultTimestamp: Timestamp, recycler: EventRecycler? = nil) -> Event {
        var event = Event(recycling: recycler, timestamp: envelope.timestamp ?? defaultTimestamp, chargePointId: chargePointId,
                          type: OCPPVocabulary.interned(action), messageType: .call,
                          direction: envelope.direction ?? OCPPVocabulary.requestDirection(of: action),
                          payload: payload, uniqueId: uniqueId, source: envelope.source)
        fillFromPayload(&event)
        return event
    }

    /// The event of a well-formed CALLRESULT frame; its action comes from correlation.
    static func result(payload: JSONValue, uniqueId: String, chargePointId: String,
                       envelope: Envelope, defaultTimestamp: Timestamp, recycler: EventRecycler? = nil) -> Event {
        var event = Event(recycling: recycler, timestamp: envelope.timestamp ?? defaultTimestamp, chargePointId: chargePointId,
                          type: pendingType, messageType: .result, direction: envelope.direction ?? .in,
                          payload: payload, uniqueId: uniqueId, source: envelope.source)
        event.directionIsInferred = envelope.direction == nil
        return event
    }

    /// Lifts the StatusNotification fields, the connector and the charger's own timestamp out of a CALL payload.
    static func fillFromPayload(_ event: inout Event) {
        let p = event.payload
        guard case .object = p else { return }
        if let c = p["connectorId"]?.intValue { event.connectorId = c }
        else if let evse = p["evseId"]?.intValue { event.connectorId = evse }
        if let ts = p["timestamp"]?.stringValue { event.reportedAt = Timestamp.parse(ts) }
        if OCPPVocabulary.isStatusNotification(event.type) {
            event.setStatusDetails(status: p["status"]?.stringValue ?? p["connectorStatus"]?.stringValue,
                                   errorCode: p["errorCode"]?.stringValue, vendorId: p["vendorId"]?.stringValue,
                                   vendorErrorCode: p["vendorErrorCode"]?.stringValue, info: p["info"]?.stringValue)
        }
    }
}
