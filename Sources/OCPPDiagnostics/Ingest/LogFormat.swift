/// What a log format made of one input line.
enum LineOutcome {
    case event(Event, untimed: Bool)
    case skip(SkipReason, String)
}

/// Per-file facts a format needs to build events.
struct DecodeContext {
    var file: String
    /// From `--charge-point`, else the file name up to its first dot.
    var defaultChargePointId: String?
    /// Seconds east of UTC for naive timestamps.
    var naiveOffsetSeconds: Int = 0
    /// Time of the previous event, for lines that carry no time of their own.
    var lastTimestamp: Timestamp?
    /// Actions whose CALL payloads are needed whole; others keep only their header keys. Nil: all.
    var payloadsNeeded: Set<String>?
}

/// One input shape (DESIGN §3). Adding a shape is adding one type that conforms.
protocol LogFormat: Sendable {
    /// The name used by `--input-format` and in messages.
    static var name: String { get }
    /// Whether a (non-blank) first line looks like this shape.
    static func sniff(_ line: UnsafeBufferPointer<UInt8>) -> Bool
    init()
    /// Decodes one line.
    mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome
}

extension LogFormat {
    /// Picks the event time: the line's own, else the payload's, else the previous event's.
    static func resolveTime(_ lineTime: Timestamp?, payloadTime: Timestamp?, context: inout DecodeContext) -> (Timestamp, Bool)? {
        if let lineTime {
            context.lastTimestamp = lineTime
            return (lineTime, false)
        }
        if let t = payloadTime ?? context.lastTimestamp {
            context.lastTimestamp = t
            return (t, true)
        }
        return nil
    }
}
