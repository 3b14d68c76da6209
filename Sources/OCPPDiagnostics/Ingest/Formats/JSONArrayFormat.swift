/// A whole file that is one JSON array of frames (`[[2,"1","Heartbeat",{}],[3,"1",{…}]]`), on one
/// line or pretty-printed over many. Elements are read one at a time as the lines arrive, so the
/// file is never parsed whole; each element is decoded as a JSON line would be (a frame, or a
/// wrapped or flat record). Such a file has no log time: an event takes its payload's `timestamp`,
/// else the previous event's time, and counts as untimed; the charge point comes from
/// `--charge-point` or the file name.
///
/// Lines are accounted per element: the lines of an element that spans several are one record;
/// a line where elements end is used if they all decode, else skipped with the first element's
/// reason (so on a one-line array one bad element costs the line); the bracket lines are structure.
/// A one-line array longer than 1 MiB is over the line limit and skipped as `oversized`.
struct JSONArrayFormat: LogFormat {
    static let name = "json-array"

    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let i = TextLine.skipSpaces(line, 0)
        guard i < line.count, line[i] == UInt8(ascii: "[") else { return false }
        let j = TextLine.skipSpaces(line, i + 1)
        return j == line.count || line[j] == UInt8(ascii: "[") || line[j] == UInt8(ascii: "{")
    }

    private enum State { case before, between, inside, after }
    private var state = State.before
    private var element = HeldText()
    private var scan = JSONScan()
    private var elementLine = 0
    private var index = 0

    init() {}

    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome {
        var events: [(Event, untimed: Bool)] = []
        var failure: (SkipReason, String)?
        var i = 0
        while i < line.count {
            let b = line[i]
            switch state {
            case .before:
                if b == TextLine.space || b == TextLine.tab { i += 1; continue }
                guard b == UInt8(ascii: "[") else { return damaged(line, "expected '[' to open the array") }
                state = .between
                i += 1
            case .between:
                if b == TextLine.space || b == TextLine.tab || b == UInt8(ascii: ",") { i += 1; continue }
                if b == UInt8(ascii: "]") { state = .after; i += 1; continue }
                guard b == UInt8(ascii: "[") || b == UInt8(ascii: "{") else {
                    return damaged(line, "expected a frame '[' or an object '{' as element \(index + 1) of the array")
                }
                state = .inside
                element = HeldText()
                scan = JSONScan()
                elementLine = number
            case .inside:
                let end = scan.feed(line, from: i)
                element.append(TextLine.slice(line, i..<(end ?? line.count)), newline: end == nil)
                guard let end else { i = line.count; continue }
                i = end
                state = .between
                index += 1
                let outcome = decodeElement(number: number, context: &context)
                switch outcome {
                case .event(let e, let untimed): events.append((e, untimed))
                case .skip(let r, let d): if failure == nil { failure = (r, d) }
                default: break
                }
            case .after:
                if b == TextLine.space || b == TextLine.tab { i += 1; continue }
                return damaged(line, "text after the array's closing ']'")
            }
        }
        if let failure { return .skip(failure.0, failure.1) }
        if events.count == 1 { return .event(events[0].0, untimed: events[0].untimed) }
        if events.count > 1 { return .events(events) }
        return state == .inside ? .hold : .structure
    }

    mutating func finish(context: inout DecodeContext) -> LineOutcome? {
        guard state == .inside else { return nil }
        state = .after
        return .skip(.truncatedRecord, "element \(index + 1) of the array, from line \(elementLine), is not complete at the end of the file")
    }

    private func damaged(_ line: UnsafeBufferPointer<UInt8>, _ detail: String) -> LineOutcome {
        if let (reason, d) = TextLine.damage(line) { return .skip(reason, d) }
        return .skip(.invalidJSON, detail)
    }

    private mutating func decodeElement(number: Int, context: inout DecodeContext) -> LineOutcome {
        let source = SourceRef(file: context.file, line: elementLine)
        if element.oversized { return .skip(.oversized, "element \(index) is longer than \(LineReader.maxLineBytes) bytes") }
        let parsed = element.bytes.withUnsafeBufferPointer { p in Result { () throws(JSONParser.Failure) in try JSONParser.parse(p) } }
        let value: JSONValue
        switch parsed {
        case .success(let v): value = v
        case .failure(let error):
            return .skip(error.message.contains("UTF-8") ? .invalidUTF8 : .invalidJSON, "element \(index): \(error.message)")
        }
        switch JSONLinesFormat.decode(value: value, source: source, context: &context) {
        case .skip(let r, let d): return .skip(r, "element \(index): \(d)")
        case let other: return other
        }
    }
}
