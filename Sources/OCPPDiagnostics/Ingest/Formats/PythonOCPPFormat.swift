/// Logging of the Python `ocpp` library (mobilityhouse), which logs every frame it sends or
/// receives as `"%s: receive message %s"` / `"%s: send %s"` with the charge point id first. The line
/// around it is whatever the host's logging configuration makes of it:
///
///     2021-03-17 20:24:45 INFO (MainThread) [ocpp] CP_1: receive message [2,"1","Heartbeat",{}]
///     2021-03-17 20:24:45,123 - ocpp - INFO - CP_1: send [3,"1",{"currentTime":"…"}]
///     INFO:ocpp:CP_1: receive message [2,"1","Heartbeat",{}]
///
/// A leading time (naive, read in `--timezone`, optional `,123` milliseconds) is the event time;
/// `basicConfig`'s default has none, so those events take the payload time or the previous
/// event's and count as untimed. The library runs on both sides: by default the log is read as
/// the central system's (`receive message` = in); `--perspective charge-point` reads a charger's
/// own log (`receive message` = out). A frame the host pretty-printed over several lines (on the
/// line of the message or starting on the next) is one record. Other lines carry no frame and
/// count as `no-frame`.
struct PythonOCPPFormat: LogFormat {
    static let name = "python-ocpp"
    static let levels: [StaticString] = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if TextLine.find(": receive message [", in: line) != nil || TextLine.find(": send [", in: line) != nil { return true }
        // basicConfig: LEVEL:logger:message
        for level in levels where TextLine.hasPrefix(level, line) && line.count > level.utf8CodeUnitCount
            && line[level.utf8CodeUnitCount] == UInt8(ascii: ":") { return true }
        // A time, then a level word (Home Assistant and most asctime formats).
        guard let end = TextLine.timeEnd(line, at: 0), TextLine.isDate(line) else { return false }
        var i = TextLine.skipSpaces(line, end)
        if i < line.count && line[i] == UInt8(ascii: "-") { i = TextLine.skipSpaces(line, i + 1) }
        return levels.contains { TextLine.hasPrefix($0, line, at: i) }
    }

    /// A frame still open at the end of its first line.
    private struct Pending {
        var time: Timestamp?
        var chargePointId: String?
        var direction: Direction
        var line: Int
        var text = HeldText()
        var scan = JSONScan()
    }
    private var pending: Pending?

    init() {}

    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        if pending != nil {
            if Self.startsEntry(line) {
                let previous = finishPending(context: &context)
                return .closing(previous, then: decodeEntry(line, number: number, context: &context))
            }
            return continuePending(line, context: &context)
        }
        return decodeEntry(line, number: number, context: &context)
    }

    mutating func finish(context: inout DecodeContext) -> LineOutcome? {
        pending == nil ? nil : finishPending(context: &context)
    }

    /// `: receive message` or `: send` closing the line (trailing spaces trimmed).
    static func markerAtEnd(_ line: UnsafeBufferPointer<UInt8>) -> (receive: Bool, at: Int)? {
        var end = line.count
        while end > 0 && (line[end - 1] == TextLine.space || line[end - 1] == TextLine.tab) { end -= 1 }
        if end >= 17, TextLine.hasPrefix(": receive message", line, at: end - 17) { return (true, end - 17) }
        if end >= 6, TextLine.hasPrefix(": send", line, at: end - 6) { return (false, end - 6) }
        return nil
    }

    /// Whether a line begins a new log entry (a time or a level), which ends a pretty-printed frame.
    static func startsEntry(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        TextLine.isDate(line) || levels.contains { TextLine.hasPrefix($0, line) }
    }

    private mutating func decodeEntry(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        if let (reason, detail) = TextLine.damage(line) { return .skip(reason, detail) }
        var time: Timestamp?
        if TextLine.isDate(line), let end = TextLine.timeEnd(line, at: 0) {
            guard let t = context.parseTime(TextLine.slice(line, 0..<end)) else {
                return .skip(.badTimestamp, "cannot read time '\(TextLine.string(line, 0..<end))'")
            }
            time = t
        }
        let receive: Bool
        let marker: Int, frameFrom: Int
        if let r = TextLine.find(": receive message ", in: line) {
            receive = true
            marker = r
            frameFrom = r + 18
        } else if let s = TextLine.find(": send ", in: line) {
            receive = false
            marker = s
            frameFrom = s + 7
        } else if let end = Self.markerAtEnd(line) {
            // The frame starts on the next line.
            (receive, marker, frameFrom) = (end.receive, end.at, line.count)
        } else {
            return .skip(.noFrame, "no OCPP frame on the line")
        }
        let frameStart = TextLine.skipSpaces(line, frameFrom)
        guard frameStart == line.count || line[frameStart] == UInt8(ascii: "[") else { return .skip(.noFrame, "no OCPP frame on the line") }
        // The charge point id is the word before the marker (after a space, `]` or basicConfig's `:`).
        var idStart = marker
        while idStart > 0 && ![TextLine.space, UInt8(ascii: "]"), UInt8(ascii: ":")].contains(line[idStart - 1]) { idStart -= 1 }
        let chargePointId = idStart < marker ? TextLine.string(line, idStart..<marker) : context.defaultChargePointId
        let sentByCentralSystem = receive == (context.perspective == .chargePoint)
        let direction: Direction = sentByCentralSystem ? .out : .in
        let frame = FrameStart.frame(line, frameStart)
        var scan = JSONScan()
        if scan.feed(frame) == nil && (scan.isOpen || frame.isEmpty) {
            // Pretty-printed: the frame goes on over the next lines.
            var p = Pending(time: time, chargePointId: chargePointId, direction: direction, line: number)
            p.text.append(frame)
            p.scan = scan
            pending = p
            return .hold
        }
        return FrameText.decode(frame, lineTime: time, chargePointId: chargePointId, direction: direction,
                                source: SourceRef(file: context.file, line: number), context: &context)
    }

    private mutating func continuePending(_ line: UnsafeBufferPointer<UInt8>, context: inout DecodeContext) -> LineOutcome {
        pending!.text.append(line)
        if pending!.scan.feed(line) != nil { return finishPending(context: &context) }
        return .hold
    }

    private mutating func finishPending(context: inout DecodeContext) -> LineOutcome {
        guard let p = pending else { return .skip(.noFrame, "no OCPP frame") }
        pending = nil
        if !p.scan.started { return .skip(.noFrame, "no OCPP frame after 'receive message' or 'send'") }
        if p.text.oversized { return .skip(.oversized, "a frame over several lines longer than \(LineReader.maxLineBytes) bytes") }
        if p.scan.isOpen { return .skip(.truncatedRecord, "the frame that starts on line \(p.line) is not complete") }
        return p.text.bytes.withUnsafeBufferPointer { bytes in
            FrameText.decode(bytes, lineTime: p.time, chargePointId: p.chargePointId, direction: p.direction,
                             source: SourceRef(file: context.file, line: p.line), context: &context)
        }
    }
}
