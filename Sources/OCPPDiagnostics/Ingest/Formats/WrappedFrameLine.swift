#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The common JSON line — a wrapped frame, `{"timestamp":"…","chargePointId":"…",
/// "direction":"in","message":[…]}` — read without building its envelope.
///
/// The general path parses the line into a ``JSONValue`` object and then looks its keys up;
/// for the millions of such lines in a fleet log, the envelope's member array, key strings
/// and time string were a fifth of a batch run. This reader steps through the envelope's
/// members, keeps only where the time, charge point and direction values lie, and parses
/// the `message` frame as the payload-eliding parser does.
///
/// It answers only when it is certain to agree with the general path: any line it does not
/// fully understand (escapes or non-ASCII in keys or the values it reads, a numeric time, an
/// unusual direction, a second `message`, damage of any kind) gets nil, and the general path
/// decodes it — with its exact error messages. A test runs both over generated and mutated
/// lines and requires identical outcomes.
enum WrappedFrameLine {
    /// Envelope keys read here, in the general path's order of preference within each group
    /// (``slotIndex(of:in:)`` spells them out; a test holds the two in step).
    static let keys = JSONLinesFormat.timeKeys + JSONLinesFormat.chargePointKeys + ["direction", "message"]
    static let timeSlots = 0..<JSONLinesFormat.timeKeys.count
    static let chargePointSlots = timeSlots.upperBound..<(timeSlots.upperBound + JSONLinesFormat.chargePointKeys.count)
    static let directionSlot = chargePointSlots.upperBound
    static let messageSlot = directionSlot + 1

    /// The first value of one envelope key (the general path's `value[key]` finds the first).
    enum Slot {
        case unseen
        /// A string without escapes or non-ASCII bytes: its bytes, between the quotes.
        case plain(Range<Int>)
        /// Any other value.
        case other
    }

    static func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, elide: (String) -> Bool,
                       context: inout DecodeContext) -> LineOutcome? {
        var p = JSONParser(bytes: line)
        p.skipWhitespace()
        guard p.index < line.count, line[p.index] == UInt8(ascii: "{") else { return nil }
        var slots = InlineArray<9, Slot>(repeating: .unseen)
        var frame: [JSONValue]?
        do throws(JSONParser.Failure) {
            p.index += 1
            while true {
                p.skipWhitespace()
                guard p.index < line.count, line[p.index] == UInt8(ascii: "\""), let key = p.plainString() else { return nil }
                p.skipWhitespace()
                guard p.index < line.count, line[p.index] == UInt8(ascii: ":") else { return nil }
                p.index += 1
                p.skipWhitespace()
                let slot = slotIndex(of: key, in: line)
                if slot == messageSlot {
                    guard frame == nil, p.index < line.count, line[p.index] == UInt8(ascii: "["),
                          case .array(let items) = try p.parseFrame(elide) else { return nil }
                    frame = items
                } else if let slot, case .unseen = slots[slot] {
                    if p.index < line.count, line[p.index] == UInt8(ascii: "\"") {
                        guard let value = p.plainString() else { return nil }
                        slots[slot] = .plain(value)
                    } else {
                        slots[slot] = .other
                        try p.skipValue(depth: 1)
                    }
                } else {
                    try p.skipValue(depth: 1)
                }
                p.skipWhitespace()
                guard p.index < line.count else { return nil }
                if line[p.index] == UInt8(ascii: ",") { p.index += 1; continue }
                guard line[p.index] == UInt8(ascii: "}") else { return nil }
                p.index += 1
                break
            }
            p.skipWhitespace()
            guard p.index == line.count else { return nil }
        } catch {
            return nil
        }
        guard let frame else { return nil }  // no frame: a flat record, for the general path

        // The general path takes the first time key holding a string, then one holding a number.
        var lineTime: Timestamp?
        if let range = firstPlain(timeSlots, slots) {
            guard let t = context.parseTime(UnsafeBufferPointer(rebasing: line[range])) else { return nil }
            lineTime = t
        } else if timeSlots.contains(where: { if case .other = slots[$0] { true } else { false } }) {
            return nil
        }
        let chargePointId = firstPlain(chargePointSlots, slots).map { String(decoding: UnsafeBufferPointer(rebasing: line[$0]), as: UTF8.self) }
            ?? context.defaultChargePointId
        var direction: Direction?
        if case .plain(let range) = slots[directionSlot] {
            switch range.count {
            case 2 where line[range.lowerBound] == UInt8(ascii: "i") && line[range.lowerBound + 1] == UInt8(ascii: "n"): direction = .in
            case 3 where line[range.lowerBound] == UInt8(ascii: "o") && line[range.lowerBound + 1] == UInt8(ascii: "u")
                && line[range.lowerBound + 2] == UInt8(ascii: "t"): direction = .out
            default: return nil  // other spellings: the general path reads them
            }
        }
        return FrameText.decode(frame: frame, lineTime: lineTime, chargePointId: chargePointId, direction: direction,
                                source: SourceRef(file: context.file, line: number), context: &context)
    }

    /// The slot of an envelope key: by length, then bytes (this runs for every key of every line).
    static func slotIndex(of key: Range<Int>, in line: UnsafeBufferPointer<UInt8>) -> Int? {
        let at = line.baseAddress! + key.lowerBound
        func equals(_ name: StaticString) -> Bool { memcmp(at, name.utf8Start, key.count) == 0 }
        switch key.count {
        case 2: return equals("ts") ? 2 : nil
        case 4: return equals("time") ? 1 : nil
        case 7: return equals("message") ? messageSlot : nil
        case 8: return equals("identity") ? 6 : nil
        case 9: return equals("timestamp") ? 0 : equals("stationId") ? 5 : equals("direction") ? directionSlot : nil
        case 11: return equals("chargeBoxId") ? 4 : nil
        case 13: return equals("chargePointId") ? 3 : nil
        default: return nil
        }
    }

    static func firstPlain(_ range: Range<Int>, _ slots: borrowing InlineArray<9, Slot>) -> Range<Int>? {
        for i in range { if case .plain(let r) = slots[i] { return r } }
        return nil
    }
}

extension JSONParser {
    /// Steps over a string at `index` and returns its bytes between the quotes, when it has
    /// no escapes, control characters or non-ASCII bytes; nil (at an unspecified index) otherwise.
    mutating func plainString() -> Range<Int>? {
        index += 1
        let start = index
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if c == UInt8(ascii: "\\") || c >= 0x80 || c < 0x20 { return nil }
            index += 1
        }
        return nil
    }
}
