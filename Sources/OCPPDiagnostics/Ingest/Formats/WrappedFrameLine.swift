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

    /// Decodes the line, eliding the CALL payloads of actions not in `context.payloadsNeeded`
    /// (none when it is nil); nil for a line the general path must read.
    static func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, context: inout DecodeContext) -> LineOutcome? {
        // The slots live on the stack: this runs for every line.
        withUnsafeTemporaryAllocation(of: Slot.self, capacity: keys.count) { slots in
            slots.initialize(repeating: .unseen)
            return decode(line, number: number, context: &context, slots: slots)
        }
    }

    private static func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int,
                               context: inout DecodeContext, slots: UnsafeMutableBufferPointer<Slot>) -> LineOutcome? {
        var frame: Frame?
        switch readCommonEnvelope(line, context: &context, slots: slots) {
        case .read(let parts): frame = parts
        case .unreadable: return nil
        case .notCommon: frame = readMembers(line, context: &context, slots: slots)
        }
        guard let frame else { return nil }  // no frame: a flat record, for the general path

        // The general path takes the first time key holding a string, then one holding a number.
        var lineTime: Timestamp?
        if let range = firstPlain(timeSlots, slots) {
            guard let t = context.parseLineTime(UnsafeBufferPointer(rebasing: line[range])) else { return nil }
            lineTime = t
        } else if timeSlots.contains(where: { if case .other = slots[$0] { true } else { false } }) {
            return nil
        }
        let chargePointId = firstPlain(chargePointSlots, slots).map { range in
            // An id that fits in a `String` itself is made from its bytes, which is cheaper than
            // finding it in the table (whose entries a fleet's ids do not keep in cache); a
            // longer one is found there, so that all its events share one string.
            range.count <= 15 ? SmallString.make(UnsafeBufferPointer(rebasing: line[range]), readable: line.count - range.lowerBound)
                : context.chargePointIds.value(for: UnsafeBufferPointer(rebasing: line[range])) { $0 }
        }
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
        // As ``FrameText/decode(frame:lineTime:chargePointId:direction:source:context:)`` and
        // ``FrameDecoder/decode(frame:envelope:defaultTimestamp:)`` do for a well-formed frame.
        var payloadTime: Timestamp?
        if lineTime == nil, frame.action != nil, let text = frame.payload["timestamp"]?.stringValue {
            payloadTime = Timestamp.parse(text)
        }
        let (time, untimed) = JSONLinesFormat.resolveTime(lineTime, payloadTime: payloadTime, context: &context)
        guard let chargePointId, !chargePointId.isEmpty else {
            return .skip(.missingChargePoint, "no charge point id on the line, from --charge-point or the file name")
        }
        let envelope = FrameDecoder.Envelope(timestamp: time, chargePointId: chargePointId, direction: direction,
                                             source: SourceRef(file: context.file, line: number))
        let event = if let action = frame.action {
            FrameDecoder.call(action: action, payload: frame.payload, uniqueId: frame.uniqueId, chargePointId: chargePointId,
                              envelope: envelope, defaultTimestamp: time, recycler: context.recycler)
        } else {
            FrameDecoder.result(payload: frame.payload, uniqueId: frame.uniqueId, chargePointId: chargePointId,
                                envelope: envelope, defaultTimestamp: time, recycler: context.recycler)
        }
        return .event(event, untimed: untimed)
    }

    /// Steps through the envelope's top-level members in any order and layout, filling the
    /// slots and reading the frame; nil for a line the general path must read (no frame, a
    /// second frame, anything not plain, damage).
    private static func readMembers(_ line: UnsafeBufferPointer<UInt8>, context: inout DecodeContext,
                                    slots: UnsafeMutableBufferPointer<Slot>) -> Frame? {
        var p = JSONParser(bytes: line)
        var frame: Frame?
        p.skipWhitespace()
        guard p.index < line.count, line[p.index] == UInt8(ascii: "{") else { return nil }
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
                          let parts = try Frame.read(&p, context: &context) else { return nil }
                    frame = parts
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
        return frame
    }

    enum CommonEnvelope {
        case read(Frame)
        /// The line has the common envelope but the general path must read it (see ``Frame/read(_:context:)``).
        case unreadable
        case notCommon
    }

    /// The envelope most logs write, `{"timestamp":"…","chargePointId":"…","direction":"…","message":[…]}`
    /// with nothing else in it, without spaces or with one after each `:` and `,` (as Python's
    /// `json.dumps` writes it; see ``JSONLinesFormat/commonHints(_:_:)``): its slots filled and
    /// its frame read without the key loop. Whatever does not match exactly goes through the
    /// loop instead, from the start.
    private static func readCommonEnvelope(_ line: UnsafeBufferPointer<UInt8>, context: inout DecodeContext,
                                           slots: UnsafeMutableBufferPointer<Slot>) -> CommonEnvelope {
        guard let base = line.baseAddress, let hints = context.commonHints ?? JSONLinesFormat.commonHints(base, line.count),
              let time = hints.time, let chargePoint = hints.chargePoint else { return .notCommon }
        let spaced = time.lowerBound == 15
        let n = line.count
        func follows(_ text: StaticString, at i: Int) -> Bool {
            i + text.utf8CodeUnitCount <= n && memcmp(base + i, text.utf8Start, text.utf8CodeUnitCount) == 0
        }
        var p = JSONParser(bytes: line)
        p.index = chargePoint.upperBound + 1
        // Each key spelled out in each layout: compared at a constant length, the comparisons stay inline.
        guard spaced ? follows(#", "direction": "#, at: p.index) : follows(#","direction":"#, at: p.index) else { return .notCommon }
        p.index += spaced ? 15 : 13
        guard p.index < n, base[p.index] == UInt8(ascii: "\""), let direction = p.plainString(),
              spaced ? follows(#", "message": "#, at: p.index) : follows(#","message":"#, at: p.index) else { return .notCommon }
        p.index += spaced ? 13 : 11
        guard p.index < n, base[p.index] == UInt8(ascii: "[") else { return .notCommon }
        let frame: Frame
        do throws(JSONParser.Failure) {
            guard let parts = try Frame.read(&p, context: &context) else { return .unreadable }
            frame = parts
        } catch {
            return .unreadable
        }
        guard p.index + 1 == n, base[p.index] == UInt8(ascii: "}") else { return .notCommon }
        slots[0] = .plain(time)  // "timestamp"
        slots[timeSlots.upperBound] = .plain(chargePoint)  // "chargePointId"
        slots[directionSlot] = .plain(direction)
        return .read(frame)
    }

    /// A CALL (`[2, "id", "Action", payload]`) or CALLRESULT (`[3, "id", payload]`) read
    /// straight into its parts, with no array of values in between.
    struct Frame {
        var uniqueId: String
        /// Nil for a CALLRESULT.
        var action: String?
        var payload: JSONValue

        /// Reads the frame at `p` (on its `[`) as the payload-eliding parser would; nil for any
        /// other frame (a numeric or escaped id, an error frame, a different element count),
        /// which the general path reads. The action is looked up by its bytes in the context's
        /// table, with whether its payload is elided.
        static func read(_ p: inout JSONParser, context: inout DecodeContext) throws(JSONParser.Failure) -> Frame? {
            let bytes = p.bytes
            func separator() -> Bool {
                p.skipWhitespace()
                guard p.index < bytes.count, bytes[p.index] == UInt8(ascii: ",") else { return false }
                p.index += 1
                p.skipWhitespace()
                return true
            }
            @inline(__always) func plain() -> String? {
                guard p.index < bytes.count, bytes[p.index] == UInt8(ascii: "\""), let r = p.plainString() else { return nil }
                return SmallString.make(UnsafeBufferPointer(rebasing: bytes[r]), readable: bytes.count - r.lowerBound)
            }
            p.index += 1
            p.skipWhitespace()
            // The type id: one digit, 2 or 3, and nothing a longer number could continue with.
            guard p.index + 1 < bytes.count else { return nil }
            let typeId = bytes[p.index]
            let after = bytes[p.index + 1]
            guard typeId == UInt8(ascii: "2") || typeId == UInt8(ascii: "3"),
                  !(after >= UInt8(ascii: "0") && after <= UInt8(ascii: "9")), after != UInt8(ascii: "."),
                  after != UInt8(ascii: "e"), after != UInt8(ascii: "E") else { return nil }
            p.index += 1
            guard separator(), let uniqueId = plain(), separator() else { return nil }
            var action: String?
            let payload: JSONValue
            if typeId == UInt8(ascii: "2") {
                guard p.index < bytes.count, bytes[p.index] == UInt8(ascii: "\""), let r = p.plainString() else { return nil }
                let needed = context.payloadsNeeded
                let (name, elide) = context.actions.value(for: UnsafeBufferPointer(rebasing: bytes[r])) { name in
                    (OCPPVocabulary.interned(name), !(needed?.contains(name) ?? true))
                }
                guard separator() else { return nil }
                action = name
                if p.index < bytes.count, bytes[p.index] == UInt8(ascii: "{"), elide {
                    payload = try p.parseHeaderObject(sharing: &context.sharedHeaders)
                } else {
                    payload = try p.parseValue(depth: 2)
                }
            } else if let keys = context.answerKeysNeeded, p.index < bytes.count, bytes[p.index] == UInt8(ascii: "{") {
                payload = try p.parseObject(keeping: keys, lengths: context.answerKeyLengths)
            } else {
                payload = try p.parseValue(depth: 2)
            }
            p.skipWhitespace()
            guard p.index < bytes.count, bytes[p.index] == UInt8(ascii: "]") else { return nil }
            p.index += 1
            return Frame(uniqueId: uniqueId, action: action, payload: payload)
        }
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

    static func firstPlain(_ range: Range<Int>, _ slots: UnsafeMutableBufferPointer<Slot>) -> Range<Int>? {
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
        if let base = bytes.baseAddress { index = JSONParser.plainRun(base, from: index, to: bytes.count) }
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
