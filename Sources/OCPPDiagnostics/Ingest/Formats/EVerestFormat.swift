/// EVerest libocpp's message log (`<name>.log`), written by the charger: records of a header line
/// and the frame pretty-printed over the lines after it, each record closed by a blank line.
///
///     2024-01-01T10:00:00.000Z: ChargePoint>CentralSystem StatusNotification
///     [
///       2,
///       "a1",
///       "StatusNotification",
///       { … }
///     ]
///
/// `ChargePoint>CentralSystem` is in (charge point → central system), `CentralSystem>ChargePoint`
/// out; the time is RFC 3339. A record is one event and all its lines, the closing blank line
/// included, count as used. `SYS>` records (session started, connected, …) carry no frame and
/// count as `no-frame`. The log names no charge point: it comes from `--charge-point` or the file name.
struct EVerestFormat: LogFormat {
    static let name = "everest"

    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool { header(line) != nil }

    struct Header {
        var timeEnd: Int
        /// nil for `SYS>` records.
        var direction: Direction?
        var restStart: Int
    }

    static func header(_ line: UnsafeBufferPointer<UInt8>) -> Header? {
        guard TextLine.isDate(line), let end = TextLine.timeEnd(line, at: 0), end + 2 < line.count,
              line[end] == UInt8(ascii: ":"), line[end + 1] == TextLine.space else { return nil }
        let i = end + 2
        for (prefix, direction) in [("ChargePoint>", Direction.in), ("ChargingStation>", .in), ("CentralSystem>", .out), ("CSMS>", .out)] as [(StaticString, Direction)]
            where TextLine.hasPrefix(prefix, line, at: i) {
            return Header(timeEnd: end, direction: direction, restStart: i + prefix.utf8CodeUnitCount)
        }
        if TextLine.hasPrefix("SYS>", line, at: i) { return Header(timeEnd: end, direction: nil, restStart: i + 4) }
        return nil
    }

    private struct Record {
        var line: Int
        var time: Timestamp?
        var timeText: String
        var direction: Direction?
        var label: String
        var text = HeldText()
        var scan = JSONScan()
    }
    private var record: Record?

    init() {}

    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        if let header = Self.header(line) {
            let previous: LineOutcome? = record == nil ? nil : finishRecord(context: &context)
            let started = start(header, line, number: number, context: context)
            return previous.map { .closing($0, then: started) } ?? started
        }
        if line.allSatisfy({ $0 == TextLine.space || $0 == TextLine.tab }) {
            // Blank lines reach here only while a record is open: the blank line closes it (a frame
            // still open then was cut short: JSON strings hold no raw line breaks).
            return finishRecord(context: &context)
        }
        guard record != nil else {
            if let (reason, detail) = TextLine.damage(line) { return .skip(reason, detail) }
            return .skip(.noFrame, "a line outside any record")
        }
        record!.text.append(line)
        _ = record!.scan.feed(line)
        return .hold
    }

    mutating func finish(context: inout DecodeContext) -> LineOutcome? {
        record == nil ? nil : finishRecord(context: &context)
    }

    private mutating func start(_ header: Header, _ line: UnsafeBufferPointer<UInt8>, number: Int, context: DecodeContext) -> LineOutcome {
        let timeText = TextLine.string(line, 0..<header.timeEnd)
        let label = TextLine.string(line, header.restStart..<line.count).trimmingSpaces
        record = Record(line: number, time: context.parseTime(TextLine.slice(line, 0..<header.timeEnd)), timeText: timeText,
                        direction: header.direction, label: label)
        return .hold
    }

    private mutating func finishRecord(context: inout DecodeContext) -> LineOutcome {
        guard let r = record else { return .skip(.noFrame, "no record") }
        record = nil
        guard let direction = r.direction else { return .skip(.noFrame, "session event: \(r.label)") }
        guard let time = r.time else { return .skip(.badTimestamp, "cannot read time '\(r.timeText)'") }
        if r.text.oversized { return .skip(.oversized, "a record longer than \(LineReader.maxLineBytes) bytes") }
        if r.text.bytes.isEmpty { return .skip(.noFrame, "a '\(r.label)' record without its message") }
        if r.scan.isOpen { return .skip(.truncatedRecord, "the '\(r.label)' record that starts on line \(r.line) ends before its frame is complete") }
        return r.text.bytes.withUnsafeBufferPointer { bytes in
            FrameText.decode(bytes, lineTime: time, chargePointId: context.defaultChargePointId, direction: direction,
                             source: SourceRef(file: context.file, line: r.line), context: &context)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
