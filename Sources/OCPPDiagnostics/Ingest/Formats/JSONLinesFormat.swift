/// JSON Lines: each line is one JSON value. Covers three shapes of DESIGN §3, told apart per line:
/// a wrapped frame (`{"timestamp","chargePointId","direction","message":[…]}`), a flat status
/// record (`{"timestamp","chargePointId","connectorId","status",…}`), and a bare frame (`[2,…]`).
struct JSONLinesFormat: LogFormat {
    static let name = "jsonl"

    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    static let chargePointKeys = ["chargePointId", "chargeBoxId", "stationId", "identity"]
    static let timeKeys = ["timestamp", "time", "ts"]

    init() {}

    func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        if context.payloadsNeeded != nil, let outcome = WrappedFrameLine.decode(line, number: number, context: &context) {
            return outcome
        }
        return decodeInGeneral(line, number: number, context: &context)
    }

    /// Decodes any line through a ``JSONValue``: every shape, and every damaged line with its
    /// exact error (``WrappedFrameLine`` reads the common shape faster and leaves the rest here).
    func decodeInGeneral(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        let value: JSONValue
        do {
            if let needed = context.payloadsNeeded {
                value = try JSONParser.parse(line, elidingPayloadsOf: { !needed.contains($0) }, keepingAnswerKeys: context.answerKeysNeeded)
            } else {
                value = try JSONParser.parse(line)
            }
        } catch {
            if let (reason, detail) = TextLine.damage(line) { return .skip(reason, detail) }
            let reason: SkipReason = error.message.contains("UTF-8") ? .invalidUTF8 : .invalidJSON
            return .skip(reason, "\(error.message) at column \(error.column)")
        }
        return Self.decode(value: value, source: SourceRef(file: context.file, line: number), context: &context)
    }

    /// Decodes one JSON value as a JSON line would be: shared with the JSON array and CSV shapes.
    static func decode(value: JSONValue, source: SourceRef, context: inout DecodeContext) -> LineOutcome {
        switch value {
        case .array(let items):
            return FrameText.decode(frame: items, lineTime: nil, chargePointId: context.defaultChargePointId, direction: nil, source: source, context: &context)
        case .object:
            if case .array(let items)? = value["message"] {
                var lineTime: Timestamp?
                switch time(of: value, context: context) {
                case .none: break
                case .some(.success(let t)): lineTime = t
                case .some(.failure(let text)): return .skip(.badTimestamp, "cannot read timestamp '\(text)'")
                }
                let cp = chargePointKeys.lazy.compactMap { value[$0]?.stringValue }.first ?? context.defaultChargePointId
                var direction: Direction?
                if let d = value["direction"]?.stringValue {
                    guard let parsed = Self.direction(d) else {
                        return .skip(.notAnEvent, "unknown direction '\(d)'; expected 'in' or 'out'")
                    }
                    direction = parsed
                }
                return FrameText.decode(frame: items, lineTime: lineTime, chargePointId: cp, direction: direction, source: source, context: &context)
            }
            return flatRecord(value, source: source, context: &context)
        default:
            return .skip(.notAnEvent, "expected a JSON object or an OCPP-J frame")
        }
    }

    /// The record's own time, if it has a time field.
    static func time(of record: JSONValue, context: DecodeContext) -> Result<Timestamp, UnreadableTimeText>? {
        if let text = timeKeys.lazy.compactMap({ record[$0]?.stringValue }).first {
            guard let t = context.parseTime(text) else { return .failure(UnreadableTimeText(text: text)) }
            return .success(t)
        }
        if let n = timeKeys.lazy.compactMap({ record[$0]?.numberValue }).first {
            guard let t = UnixTime.fromNumber(n) else { return .failure(UnreadableTimeText(text: JSONValue.number(n).jsonText)) }
            return .success(t)
        }
        return nil
    }

    struct UnreadableTimeText: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }

    static func direction(_ text: String) -> Direction? {
        // The usual spellings first, without building a lowercased copy for every line.
        if text == "in" { return .in }
        if text == "out" { return .out }
        switch text.lowercased() {
        case "in", "incoming", "received", "rx", "cp2cs", "cs", "chargepoint", "chargingstation": return .in
        case "out", "outgoing", "sent", "tx", "cs2cp", "csms", "centralsystem": return .out
        default: return nil
        }
    }

    static func flatRecord(_ record: JSONValue, source: SourceRef, context: inout DecodeContext) -> LineOutcome {
        guard record["status"] != nil || record["type"] != nil || record["errorCode"] != nil else {
            return .skip(.notAnEvent, "a JSON object with neither 'message' (a frame) nor 'status' (a status record)")
        }
        var lineTime: Timestamp?
        switch time(of: record, context: context) {
        case .none: break
        case .some(.success(let t)): lineTime = t
        case .some(.failure(let text)): return .skip(.badTimestamp, "cannot read timestamp '\(text)'")
        }
        var reportedAt: Timestamp?
        if let r = record["reportedAt"]?.stringValue { reportedAt = Timestamp.parse(r) }
        let (time, untimed) = resolveTime(lineTime, payloadTime: reportedAt, context: &context)
        guard let cp = chargePointKeys.lazy.compactMap({ record[$0]?.stringValue }).first(where: { !$0.isEmpty }) ?? context.defaultChargePointId else {
            return .skip(.missingChargePoint, "no 'chargePointId' in the record, from --charge-point or the file name")
        }
        let type = record["type"]?.stringValue ?? "StatusNotification"
        let messageType = record["messageType"]?.stringValue.flatMap(MessageType.init(rawValue:)) ?? .call
        var direction = OCPPVocabulary.requestDirection(of: type)
        if messageType != .call { direction = direction.opposite }
        if let d = record["direction"]?.stringValue {
            guard let parsed = Self.direction(d) else {
                return .skip(.notAnEvent, "unknown direction '\(d)'; expected 'in' or 'out'")
            }
            direction = parsed
        }
        var event = Event(timestamp: time, chargePointId: cp, connectorId: record["connectorId"]?.intValue, type: type,
                          messageType: messageType, direction: direction, payload: record, source: source)
        if OCPPVocabulary.isStatusNotification(type) && messageType == .call {
            event.setStatusDetails(status: record["status"]?.stringValue, errorCode: record["errorCode"]?.stringValue,
                                   vendorId: record["vendorId"]?.stringValue, vendorErrorCode: record["vendorErrorCode"]?.stringValue,
                                   info: record["info"]?.stringValue)
        }
        event.reportedAt = reportedAt
        return .event(event, untimed: untimed)
    }
}
