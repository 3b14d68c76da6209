/// What a log format made of one input line.
///
/// Most shapes make one event (or one skip) per line. Shapes whose records span lines (EVerest's
/// pretty-printed frames, a JSON array, a CSV field with a line break) answer `.hold` for every
/// line but the last of a record; the record's outcome then covers the held lines too, so a
/// multi-line record is one event and all its lines count as used.
enum LineOutcome {
    /// This line, with the lines held before it, is one event.
    case event(Event, untimed: Bool)
    /// This line, with the lines held before it, is skipped.
    case skip(SkipReason, String)
    /// This line belongs to a record that goes on; it is accounted for when the record ends.
    case hold
    /// This line, with the held ones, is part of the file's structure (a CSV header, the brackets
    /// of a JSON array): used, but no event of its own.
    case structure
    /// This line, with the held ones, carries several events (a JSON array with several frames on one line).
    case events([(Event, untimed: Bool)])
    /// The held lines end as `held`; this line then starts afresh as `then` (a new record began
    /// before the previous one was complete or closed).
    indirect case closing(LineOutcome, then: LineOutcome)
}

/// Whose log a shape that names no direction is: the central system's (`receive` = in, from the
/// charge point) or the charge point's own (`receive` = out, from the central system).
public enum Perspective: String, Sendable, CaseIterable {
    case centralSystem = "central-system"
    case chargePoint = "charge-point"
}

/// Per-file facts a format needs to build events.
struct DecodeContext {
    var file: String
    /// From `--charge-point`, else the file name up to its first dot.
    var defaultChargePointId: String?
    /// How to read times that name no offset (`--timezone`, UTC by default).
    var timeZone: TimeZoneReader = .utc
    /// Whose log this is, for shapes that say `receive`/`send` rather than in/out.
    var perspective: Perspective = .centralSystem
    /// Time of the previous event, for lines that carry no time of their own.
    var lastTimestamp: Timestamp?
    /// Actions whose CALL payloads are needed whole; others keep only their header keys. Nil: all.
    var payloadsNeeded: Set<String>?
    /// The keys kept in CALLRESULT payloads; others are validated and dropped. Nil: all.
    var answerKeysNeeded: Set<String>? {
        didSet { answerKeyLengths = answerKeysNeeded.map(JSONParser.KeptMembers.lengths(of:)) ?? ~0 }
    }
    /// The UTF-8 lengths of `answerKeysNeeded` (see ``JSONParser/KeptMembers``).
    private(set) var answerKeyLengths: UInt64 = ~0
    /// The minute of the last line time read (see ``parseLineTime(_:)``).
    var minuteCache = MinuteCache()
    /// Charge point ids and actions seen on this input, by their bytes (see ``ByteInterner``).
    var chargePointIds = ByteInterner<String>()
    var actions = ByteInterner<(name: String, elide: Bool)>()
    /// Elided payloads' usual header objects (see ``JSONParser/SharedHeaders``).
    var sharedHeaders = JSONParser.SharedHeaders()
    /// Boxes of events the reader is done with (see ``EventRecycler``); nil: every event a new one.
    var recycler: EventRecycler?
    /// ``JSONLinesFormat/commonHints(_:_:)`` of the line being decoded, when the reader has
    /// already found them (a sharded run does, to know whose the line is); nil: found again.
    /// Set just before one line is decoded and cleared just after.
    var commonHints: LineHints?

    init(file: String, defaultChargePointId: String?, timeZone: TimeZoneReader = .utc, perspective: Perspective = .centralSystem) {
        self.file = file
        self.defaultChargePointId = defaultChargePointId
        self.timeZone = timeZone
        self.perspective = perspective
    }

    /// Reads a log time: ISO 8601 (naive ones in `timeZone`) or Unix seconds / milliseconds.
    func parseTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        if let (local, offset) = Timestamp.parseParts(bytes: bytes) {
            if let offset { return Timestamp(millisecondsSinceEpoch: local - offset * 1000) }
            return Timestamp(millisecondsSinceEpoch: timeZone.utc(fromLocal: local))
        }
        return UnixTime.parse(bytes)
    }

    func parseTime(_ text: String) -> Timestamp? {
        var copy = text
        return copy.withUTF8 { parseTime($0) }
    }
}

/// One input shape (DESIGN §3). Adding a shape is adding one type that conforms and listing it
/// in ``InputFormats/all``.
protocol LogFormat: Sendable {
    /// The name used by `--input-format` and in messages.
    static var name: String { get }
    /// Whether a non-blank line near the start of a file marks it as this shape. Lines that no
    /// shape claims (say, a log's opening banner) are passed over.
    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool
    init()
    /// Decodes one line. Blank lines reach the format only while it holds an unfinished record.
    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome
    /// At the end of the input: the outcome of the lines still held, if any.
    mutating func finish(context: inout DecodeContext) -> LineOutcome?
    /// Where the line's charge point id and log time are, found without decoding it, when that
    /// is cheap and certain (nil parts otherwise). Shards use the charge point to step over
    /// other shards' lines; the time of a line stepped over still moves the input's clock, so
    /// every shard orders and ages events alike.
    func hints(_ line: UnsafeBufferPointer<UInt8>) -> LineHints
}

/// The bytes of a line that hold its charge point id and its log time, as far as a format
/// can tell without decoding the line (see ``LogFormat/hints(_:)``).
struct LineHints {
    var chargePoint: Range<Int>?
    var time: Range<Int>?
}

extension LogFormat {
    mutating func finish(context: inout DecodeContext) -> LineOutcome? { nil }
    func hints(_ line: UnsafeBufferPointer<UInt8>) -> LineHints { LineHints() }

    /// Picks the event time: the line's own, else the payload's, else the previous event's. With
    /// none of these (untimed events at the start of a file), ``Timestamp/unknown``: the reader
    /// then gives such events the time of the first event after them that has one.
    ///
    /// A payload time is the charger's clock, often wrong after a reboot: one before 2000 or a
    /// day or more past the previous event is not believed, and the previous event's time is
    /// used instead (the event is still counted as untimed, and its skew in the summary).
    static func resolveTime(_ lineTime: Timestamp?, payloadTime: Timestamp?, context: inout DecodeContext) -> (Timestamp, Bool) {
        if let lineTime {
            context.lastTimestamp = lineTime
            return (lineTime, false)
        }
        if let payloadTime, ClockSkew.isPlausible(payloadTime, after: context.lastTimestamp) {
            context.lastTimestamp = payloadTime
            return (payloadTime, true)
        }
        if let t = context.lastTimestamp { return (t, true) }
        return (.unknown, true)
    }
}

extension Timestamp {
    /// Stands for "no time yet" on an untimed event read before any event with a time.
    static let unknown = Timestamp(millisecondsSinceEpoch: .min)
}

/// When a charger's own clock (the payload `timestamp`, kept as `reportedAt`) disagrees with
/// the log time so much that it is plainly wrong: before 2000 (a clock reset to 1970 after a
/// reboot), or more than ``tolerance`` away from the time the central system logged the message.
/// Such events are counted as `clockSkew` in the summary; the log time orders them regardless.
public enum ClockSkew {
    /// One hour: a charger that lost its time sync drifts by minutes, not hours.
    public static let tolerance = TimeSpan.minutes(60)
    /// 2000-01-01T00:00:00Z.
    public static let earliestPlausible = Timestamp(millisecondsSinceEpoch: 946_684_800_000)

    public static func isSkewed(reported: Timestamp, logged: Timestamp) -> Bool {
        reported < earliestPlausible || reported > logged + tolerance || reported < logged - tolerance
    }

    /// Whether a payload time may stand in for a missing log time.
    static func isPlausible(_ t: Timestamp, after previous: Timestamp?) -> Bool {
        guard t >= earliestPlausible else { return false }
        if let previous, t > previous + .minutes(24 * 60) { return false }
        return true
    }
}

/// Unix times written as digits: 10 digits are seconds, 13 milliseconds (a fraction may follow seconds).
enum UnixTime {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var whole: Int64 = 0
        var digits = 0
        var i = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            digits += 1
            guard digits <= 13 else { return nil }  // never accumulate past what can be a time
            whole = whole * 10 + Int64(bytes[i] - 0x30)
            i += 1
        }
        guard digits == 10 || digits == 13 else { return nil }
        var millis: Int64 = 0
        if digits == 10, i < bytes.count, bytes[i] == 0x2E {
            i += 1
            var scale: Int64 = 100
            let fractionStart = i
            while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                millis += Int64(bytes[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > fractionStart else { return nil }
        }
        guard i == bytes.count else { return nil }
        return Timestamp(millisecondsSinceEpoch: digits == 13 ? whole : whole * 1000 + millis)
    }

    /// A JSON number time: values above 1e11 are milliseconds (1e11 s is the year 5138).
    /// Nil for what cannot be a time: not finite, negative, or past the year 9999.
    static func fromNumber(_ n: Double) -> Timestamp? {
        guard n.isFinite, n >= 0 else { return nil }
        let millis = n > 1e11 ? n : n * 1000
        guard millis <= Double(Timestamp.latest.millisecondsSinceEpoch) else { return nil }
        return Timestamp(millisecondsSinceEpoch: Int64(millis))
    }
}
