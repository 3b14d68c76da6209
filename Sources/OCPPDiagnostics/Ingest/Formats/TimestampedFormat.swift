/// A log time, then the frame: `2026-03-01T08:00:00.123Z [2,"42","Heartbeat",{}]`, optionally with
/// the charge point and the direction between them (`2026-03-01T08:00:00Z CP-1 in [2,…]`). The time
/// is ISO 8601 with any offset (a naive one is read in `--timezone`) or Unix seconds / milliseconds.
/// Without a charge point on the line, it comes from `--charge-point` or the file name; without a
/// direction, from the action (a CALL's usual sender) and the call an answer pairs with.
struct TimestampedFormat: LogFormat {
    static let name = "timestamped"

    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let end = TextLine.timeEnd(line, at: 0), end < line.count else { return false }
        guard let frame = FrameStart.find(in: line, from: end) else { return false }
        return words(line, end, frame).count <= 2
    }

    init() {}

    /// The words between the time and the frame.
    static func words(_ line: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var i = TextLine.skipSpaces(line, from)
        while i < to {
            let end = min(TextLine.tokenEnd(line, i), to)
            result.append(i..<end)
            i = TextLine.skipSpaces(line, end)
        }
        return result
    }

    func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        if let (reason, detail) = TextLine.damage(line) { return .skip(reason, detail) }
        guard let timeEnd = TextLine.timeEnd(line, at: 0) else {
            if let first = line.first, TextLine.isDigit(first) {
                return .skip(.badTimestamp, "cannot read the time at the start of the line")
            }
            return .skip(.noFrame, "no time and no frame on the line")
        }
        guard let time = context.parseTime(TextLine.slice(line, 0..<timeEnd)) else {
            return .skip(.badTimestamp, "cannot read time '\(TextLine.string(line, 0..<timeEnd))'")
        }
        guard let frameStart = FrameStart.find(in: line, from: timeEnd) else {
            return .skip(.noFrame, "no OCPP frame on the line")
        }
        var chargePointId = context.defaultChargePointId
        var direction: Direction?
        var words = Self.words(line, timeEnd, frameStart)
        if let last = words.last, let d = JSONLinesFormat.direction(TextLine.string(line, last)) {
            direction = d
            words.removeLast()
        }
        if let last = words.last { chargePointId = TextLine.string(line, last) }
        return FrameText.decode(FrameStart.frame(line, frameStart), lineTime: time, chargePointId: chargePointId, direction: direction,
                                source: SourceRef(file: context.file, line: number), context: &context)
    }
}

/// Where an OCPP-J frame starts in a log line: a `[` followed by a message type digit.
enum FrameStart {
    static func find(in line: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from
        while i < line.count {
            if line[i] == UInt8(ascii: "[") {
                let j = TextLine.skipSpaces(line, i + 1)
                if j < line.count && TextLine.isDigit(line[j]) { return i }
            }
            i += 1
        }
        return nil
    }

    /// The frame's bytes: from its start to the end of the line, trailing spaces dropped.
    static func frame(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> UnsafeBufferPointer<UInt8> {
        var end = line.count
        while end > start && (line[end - 1] == TextLine.space || line[end - 1] == TextLine.tab) { end -= 1 }
        return TextLine.slice(line, start..<end)
    }
}
