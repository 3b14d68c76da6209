/// Why an input line was not used. The raw values are stable and appear in summaries.
public enum SkipReason: String, Sendable, CaseIterable, Comparable {
    case blank
    case noFrame = "no-frame"
    case filtered
    /// The line belongs to a charge point of another shard (`--shard`, or another thread).
    case otherShard = "other-shard"
    case invalidJSON = "invalid-json"
    case invalidUTF8 = "invalid-utf8"
    case oversized
    case badFrame = "bad-frame"
    case badTimestamp = "bad-timestamp"
    case missingChargePoint = "missing-charge-point"
    case notAnEvent = "not-an-event"
    case unreadable
    /// Control bytes: binary data where a text line was expected.
    case binary
    /// A multi-line record (EVerest, a JSON array, a quoted CSV field) that ends before it is complete.
    case truncatedRecord = "truncated-record"
    /// A CSV row whose number of fields does not match the header.
    case badRow = "bad-row"
    /// A gzip stream that ends early; the line where it stopped.
    case truncatedGzip = "truncated-gzip"
    /// Damaged gzip data; the line where it stopped.
    case corruptGzip = "corrupt-gzip"

    /// Reasons that are part of normal logs rather than damage; `--strict` does not stop on them.
    public var isBenign: Bool {
        switch self {
        case .blank, .noFrame, .filtered, .otherShard: true
        default: false
        }
    }

    public static func < (a: SkipReason, b: SkipReason) -> Bool { a.rawValue < b.rawValue }
}

/// One skipped line, as shown to the user: `file:line: reason: detail`.
public struct SkippedLine: Error, Sendable, CustomStringConvertible {
    public var source: SourceRef
    public var reason: SkipReason
    public var detail: String
    /// How many lines the run had read when it met this one, all inputs together, in the order
    /// it read them: the same in every shard (each reads every line), so merging shards'
    /// samples and errors by it gives what one thread gives.
    var readOrder = 0

    public var description: String { "\(source.file):\(source.line): \(reason.rawValue): \(detail)" }
}
