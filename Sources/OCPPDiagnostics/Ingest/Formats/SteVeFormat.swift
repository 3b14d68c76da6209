/// SteVe's WebSocketLogger (a central system, so `Received:` = in from the charge point, `Sending:` = out):
///
///     [INFO ] 2024-02-23 18:04:57,552 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger - [chargeBoxId=CP001, sessionId=8927] Received: [2,…]
///
/// and the newer logback pattern `[%-5level] %d %c (%thread) - %msg`. The time is local time with a
/// comma before the milliseconds, read in `--timezone`. Other lines (connection opened or closed,
/// pings, service messages, stack traces) carry no frame and count as `no-frame`.
struct SteVeFormat: LogFormat {
    static let name = "steve"

    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool { timeStart(line) != nil }

    init() {}

    /// After `[LEVEL] `: where the time starts.
    static func timeStart(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        guard line.count > 12, line[0] == UInt8(ascii: "[") else { return nil }
        var i = 1
        while i < line.count && i < 8 && line[i] >= UInt8(ascii: "A") && line[i] <= UInt8(ascii: "Z") { i += 1 }
        guard i > 3 else { return nil }
        i = TextLine.skipSpaces(line, i)
        guard i < line.count, line[i] == UInt8(ascii: "]") else { return nil }
        i = TextLine.skipSpaces(line, i + 1)
        return TextLine.isDate(line, at: i) ? i : nil
    }

    func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        if let (reason, detail) = TextLine.damage(line) { return .skip(reason, detail) }
        guard let start = Self.timeStart(line), let end = TextLine.timeEnd(line, at: start) else {
            return .skip(.noFrame, "not a log line (a continuation such as a stack trace)")
        }
        let direction: Direction
        let frameFrom: Int
        if let r = TextLine.find("Received: ", in: line, from: end) {
            direction = .in
            frameFrom = r + 10
        } else if let s = TextLine.find("Sending: ", in: line, from: end) {
            direction = .out
            frameFrom = s + 9
        } else {
            return .skip(.noFrame, "no OCPP frame on the line")
        }
        let frameStart = TextLine.skipSpaces(line, frameFrom)
        guard frameStart < line.count, line[frameStart] == UInt8(ascii: "[") else {
            return .skip(.noFrame, "no OCPP frame after '\(direction == .in ? "Received" : "Sending"):'")
        }
        guard let time = context.parseTime(TextLine.slice(line, start..<end)) else {
            return .skip(.badTimestamp, "cannot read time '\(TextLine.string(line, start..<end))'")
        }
        var chargePointId = context.defaultChargePointId
        if let key = TextLine.find("chargeBoxId=", in: line, from: end), key < frameStart {
            var stop = key + 12
            while stop < frameStart && line[stop] != UInt8(ascii: ",") && line[stop] != UInt8(ascii: "]") { stop += 1 }
            chargePointId = TextLine.string(line, (key + 12)..<stop)
        }
        return FrameText.decode(FrameStart.frame(line, frameStart), lineTime: time, chargePointId: chargePointId, direction: direction,
                                source: SourceRef(file: context.file, line: number), context: &context)
    }
}
