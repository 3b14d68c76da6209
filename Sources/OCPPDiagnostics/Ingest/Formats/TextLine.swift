/// Byte-level helpers shared by the text log formats. Lines arrive as raw bytes (no String per
/// line on the hot path); only the pieces an event keeps become Strings.
enum TextLine {
    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    /// A line no text log would write: control bytes (binary data) or bytes that are not UTF-8.
    static func damage(_ line: UnsafeBufferPointer<UInt8>) -> (SkipReason, String)? {
        var i = 0
        let n = line.count
        while i < n {
            let b = line[i]
            if b < 0x80 {
                if b < 0x20 && b != tab || b == 0x7F {
                    return (.binary, "control byte 0x\(String(b, radix: 16, uppercase: true)) at column \(i + 1); binary data, not a log line")
                }
                i += 1
                continue
            }
            // Multi-byte UTF-8: lead byte and the right number of continuation bytes, no overlongs or surrogates.
            let need: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; high = 0x9F
            case 0xF0: need = 3; low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; high = 0x8F
            default: return (.invalidUTF8, "byte 0x\(String(b, radix: 16, uppercase: true)) at column \(i + 1) is not UTF-8")
            }
            for k in 1...need {
                guard i + k < n else { return (.invalidUTF8, "incomplete UTF-8 sequence at column \(i + 1)") }
                let c = line[i + k]
                if k == 1 ? (c < low || c > high) : (c < 0x80 || c > 0xBF) {
                    return (.invalidUTF8, "invalid UTF-8 sequence at column \(i + 1)")
                }
            }
            i += need + 1
        }
        return nil
    }

    /// The first index at or after `from` where `needle` occurs.
    static func find(_ needle: StaticString, in line: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        let m = needle.utf8CodeUnitCount
        guard m > 0, line.count >= m else { return nil }
        let p = needle.utf8Start
        var i = from
        while i + m <= line.count {
            if line[i] == p[0] {
                var k = 1
                while k < m && line[i + k] == p[k] { k += 1 }
                if k == m { return i }
            }
            i += 1
        }
        return nil
    }

    static func hasPrefix(_ prefix: StaticString, _ line: UnsafeBufferPointer<UInt8>, at: Int = 0) -> Bool {
        let m = prefix.utf8CodeUnitCount
        guard at + m <= line.count else { return false }
        let p = prefix.utf8Start
        for k in 0..<m where line[at + k] != p[k] { return false }
        return true
    }

    static func string(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self)
    }

    static func slice(_ line: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[range])
    }

    static func skipSpaces(_ line: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var i = i
        while i < line.count && (line[i] == space || line[i] == tab) { i += 1 }
        return i
    }

    /// End of the run of non-space bytes starting at `i`.
    static func tokenEnd(_ line: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var i = i
        while i < line.count && line[i] != space && line[i] != tab { i += 1 }
        return i
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Whether `line` at `i` starts a date `YYYY-MM-DD`.
    static func isDate(_ line: UnsafeBufferPointer<UInt8>, at i: Int = 0) -> Bool {
        guard i + 10 <= line.count else { return false }
        for k in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(line[i + k]) { return false }
        return line[i + 4] == 0x2D && line[i + 7] == 0x2D
    }

    /// The end of a log time at `i`: an ISO 8601 date-time (a space may stand for the `T` when a
    /// clock time follows) or a Unix time of 10 or 13 digits. Nil when none starts there.
    static func timeEnd(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        if isDate(line, at: i) {
            var end = tokenEnd(line, i)
            if end == i + 10, end + 3 < line.count, line[end] == space, isDigit(line[end + 1]), isDigit(line[end + 2]), line[end + 3] == 0x3A {
                end = tokenEnd(line, end + 1)
            }
            // Trailing punctuation that belongs to the log, not the time (`…Z:` in EVerest).
            if end > i && line[end - 1] == 0x3A { end -= 1 }
            return end
        }
        var end = i
        while end < line.count && (isDigit(line[end]) || line[end] == 0x2E) { end += 1 }
        let digits = end - i
        guard digits >= 10, end == line.count || line[end] == space || line[end] == tab else { return nil }
        return end
    }
}

/// Decodes the OCPP-J frame that a text log line carries after its own prefix.
enum FrameText {
    /// Parses `bytes` as a frame and builds the event; the line time (or the payload's, or the
    /// previous event's) is its time.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, lineTime: Timestamp?, chargePointId: String?, direction: Direction?,
                       source: SourceRef, context: inout DecodeContext) -> LineOutcome {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            return .skip(error.message.contains("UTF-8") ? .invalidUTF8 : .invalidJSON, "\(error.message) at column \(error.column) of the frame")
        }
        guard case .array(let items) = value else { return .skip(.badFrame, "expected an OCPP-J frame [messageTypeId, uniqueId, …]") }
        return decode(frame: items, lineTime: lineTime, chargePointId: chargePointId, direction: direction, source: source, context: &context)
    }

    static func decode(frame: [JSONValue], lineTime: Timestamp?, chargePointId: String?, direction: Direction?,
                       source: SourceRef, context: inout DecodeContext) -> LineOutcome {
        var payloadTime: Timestamp?
        if lineTime == nil, frame.count == 4, let text = frame[3]["timestamp"]?.stringValue {
            payloadTime = Timestamp.parse(text)  // OCPP payload times are UTC
        }
        let (time, untimed) = JSONLinesFormat.resolveTime(lineTime, payloadTime: payloadTime, context: &context)
        let envelope = FrameDecoder.Envelope(timestamp: time, chargePointId: chargePointId, direction: direction, source: source)
        switch FrameDecoder.decode(frame: frame, envelope: envelope, defaultTimestamp: time, recycler: context.recycler) {
        case .event(let e): return .event(e, untimed: untimed)
        case .skip(let r, let d): return .skip(r, d)
        }
    }
}
