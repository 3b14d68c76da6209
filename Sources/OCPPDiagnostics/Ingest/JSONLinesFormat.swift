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
        let value: JSONValue
        do {
            if let needed = context.payloadsNeeded {
                value = try JSONParser.parse(line, elidingPayloadsOf: { !needed.contains($0) })
            } else {
                value = try JSONParser.parse(line)
            }
        } catch {
            let reason: SkipReason = error.message.contains("UTF-8") ? .invalidUTF8 : .invalidJSON
            return .skip(reason, "\(error.message) at column \(error.column)")
        }
        let source = SourceRef(file: context.file, line: number)
        switch value {
        case .array(let items):
            return decodeFrame(items, lineTime: nil, chargePointId: context.defaultChargePointId, direction: nil, source: source, context: &context)
        case .object:
            if case .array(let items)? = value["message"] {
                var lineTime: Timestamp?
                if let text = JSONLinesFormat.timeKeys.lazy.compactMap({ value[$0]?.stringValue }).first {
                    guard let t = Timestamp.parse(text, naiveOffsetSeconds: context.naiveOffsetSeconds) else {
                        return .skip(.badTimestamp, "cannot read timestamp '\(text)'")
                    }
                    lineTime = t
                } else if let n = JSONLinesFormat.timeKeys.lazy.compactMap({ value[$0]?.numberValue }).first {
                    lineTime = JSONLinesFormat.unixTime(n)
                }
                let cp = JSONLinesFormat.chargePointKeys.lazy.compactMap { value[$0]?.stringValue }.first ?? context.defaultChargePointId
                var direction: Direction?
                if let d = value["direction"]?.stringValue {
                    guard let parsed = JSONLinesFormat.direction(d) else {
                        return .skip(.notAnEvent, "unknown direction '\(d)'; expected 'in' or 'out'")
                    }
                    direction = parsed
                }
                return decodeFrame(items, lineTime: lineTime, chargePointId: cp, direction: direction, source: source, context: &context)
            }
            return flatRecord(value, source: source, context: &context)
        default:
            return .skip(.notAnEvent, "expected a JSON object or an OCPP-J frame")
        }
    }

    static func unixTime(_ n: Double) -> Timestamp {
        // Values above 1e11 are milliseconds (1e11 s is the year 5138).
        Timestamp(millisecondsSinceEpoch: n > 1e11 ? Int64(n) : Int64(n * 1000))
    }

    static func direction(_ text: String) -> Direction? {
        switch text.lowercased() {
        case "in", "incoming", "received", "rx", "cp2cs": return .in
        case "out", "outgoing", "sent", "tx", "cs2cp": return .out
        default: return nil
        }
    }

    func decodeFrame(_ frame: [JSONValue], lineTime: Timestamp?, chargePointId: String?, direction: Direction?, source: SourceRef, context: inout DecodeContext) -> LineOutcome {
        var payloadTime: Timestamp?
        if lineTime == nil, frame.count == 4, let text = frame[3]["timestamp"]?.stringValue {
            payloadTime = Timestamp.parse(text)
        }
        guard let (time, untimed) = Self.resolveTime(lineTime, payloadTime: payloadTime, context: &context) else {
            return .skip(.badTimestamp, "the line has no time and no earlier event gives one")
        }
        let envelope = FrameDecoder.Envelope(timestamp: time, chargePointId: chargePointId, direction: direction, source: source)
        switch FrameDecoder.decode(frame: frame, envelope: envelope, defaultTimestamp: time) {
        case .event(let e): return .event(e, untimed: untimed)
        case .skip(let r, let d): return .skip(r, d)
        }
    }

    func flatRecord(_ record: JSONValue, source: SourceRef, context: inout DecodeContext) -> LineOutcome {
        guard record["status"] != nil || record["type"] != nil || record["errorCode"] != nil else {
            return .skip(.notAnEvent, "a JSON object with neither 'message' (a frame) nor 'status' (a status record)")
        }
        var lineTime: Timestamp?
        if let text = JSONLinesFormat.timeKeys.lazy.compactMap({ record[$0]?.stringValue }).first {
            guard let t = Timestamp.parse(text, naiveOffsetSeconds: context.naiveOffsetSeconds) else {
                return .skip(.badTimestamp, "cannot read timestamp '\(text)'")
            }
            lineTime = t
        } else if let n = JSONLinesFormat.timeKeys.lazy.compactMap({ record[$0]?.numberValue }).first {
            lineTime = JSONLinesFormat.unixTime(n)
        }
        guard let (time, untimed) = Self.resolveTime(lineTime, payloadTime: nil, context: &context) else {
            return .skip(.badTimestamp, "the record has no time and no earlier event gives one")
        }
        guard let cp = JSONLinesFormat.chargePointKeys.lazy.compactMap({ record[$0]?.stringValue }).first ?? context.defaultChargePointId else {
            return .skip(.missingChargePoint, "no 'chargePointId' in the record, from --charge-point or the file name")
        }
        let type = record["type"]?.stringValue ?? "StatusNotification"
        let messageType = record["messageType"]?.stringValue.flatMap(MessageType.init(rawValue:)) ?? .call
        var direction = OCPPVocabulary.requestDirection(of: type)
        if messageType != .call { direction = direction.opposite }
        if let d = record["direction"]?.stringValue {
            guard let parsed = JSONLinesFormat.direction(d) else {
                return .skip(.notAnEvent, "unknown direction '\(d)'; expected 'in' or 'out'")
            }
            direction = parsed
        }
        var event = Event(timestamp: time, chargePointId: cp, connectorId: record["connectorId"]?.intValue, type: type,
                          messageType: messageType, direction: direction, payload: record, source: source)
        if type == "StatusNotification" && messageType == .call {
            event.status = record["status"]?.stringValue
            event.errorCode = record["errorCode"]?.stringValue
            event.info = record["info"]?.stringValue
            event.vendorId = record["vendorId"]?.stringValue
            event.vendorErrorCode = record["vendorErrorCode"]?.stringValue
        }
        if let r = record["reportedAt"]?.stringValue { event.reportedAt = Timestamp.parse(r) }
        return .event(event, untimed: untimed)
    }
}
