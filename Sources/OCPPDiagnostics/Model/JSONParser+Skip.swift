import CFastPaths
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Validating without building: the fast path for payloads no rule reads.
///
/// A batch run is dominated by MeterValues and other payloads that the rule pack never
/// looks at. Stepping over them still checks them as strictly as ``JSONParser/parse(_:)``
/// does (same accepted inputs, so the line accounting does not change), but allocates nothing.
extension JSONParser {
    /// Whether `key` is kept from an elided CALL payload: what ingest itself needs (connector,
    /// charger clock). The keys are spelled out once, in ``headerKey(_:_:)``.
    static func isHeaderKey(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { b in b.baseAddress.flatMap { headerKey($0, b.count) } } != nil
    }

    /// Parses a log line like ``parse(_:)``, except that inside a top-level `"message"` frame
    /// the payload of a CALL whose action `elide` accepts is validated and reduced to its
    /// header keys (``isHeaderKey(_:)``), and a CALLRESULT's payload object to `answerKeys`
    /// (when given).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, elidingPayloadsOf elide: (String) -> Bool,
                             keepingAnswerKeys answerKeys: Set<String>? = nil) throws(Failure) -> JSONValue {
        var p = JSONParser(bytes: bytes)
        p.skipWhitespace()
        let value: JSONValue
        if p.index < bytes.count, bytes[p.index] == UInt8(ascii: "{") {
            value = try p.parseEnvelope(elide, answerKeys: answerKeys)
        } else {
            value = try p.parseValue(depth: 0)
        }
        p.skipWhitespace()
        guard p.index == bytes.count else { throw p.fail("unexpected data after the JSON value") }
        return value
    }

    mutating func parseEnvelope(_ elide: (String) -> Bool, answerKeys: Set<String>?) throws(Failure) -> JSONValue {
        try withoutActuallyEscaping(elide) { (elide) throws(Failure) -> JSONValue in
            try parseMembers(EnvelopeMembers(elide: elide, answerKeys: answerKeys))
        }
    }

    /// A log line's members, with its `"message"` frame parsed by ``parseFrame(_:)``.
    struct EnvelopeMembers: MemberReader {
        let elide: (String) -> Bool
        let answerKeys: Set<String>?
        func read(_ p: inout JSONParser, key: String) throws(Failure) -> JSONValue? {
            if key == "message", p.index < p.bytes.count, p.bytes[p.index] == UInt8(ascii: "[") {
                return try p.parseFrame(elide, answerKeys: answerKeys)
            }
            return try p.parseValue(depth: 1)
        }
    }

    mutating func parseFrame(_ elide: (String) -> Bool, answerKeys: Set<String>?) throws(Failure) -> JSONValue {
        try withoutActuallyEscaping(elide) { (elide) throws(Failure) -> JSONValue in
            try parseElements(FrameElements(elide: elide, answerKeys: answerKeys))
        }
    }

    /// A frame's elements, with the payload of an elided CALL (`[2, id, action, {…}]`) reduced
    /// to its header keys, and a CALLRESULT's (`[3, id, {…}]`) to `answerKeys`.
    struct FrameElements: ElementReader {
        let elide: (String) -> Bool
        let answerKeys: Set<String>?
        func read(_ p: inout JSONParser, after elements: [JSONValue]) throws(Failure) -> JSONValue {
            if elements.count == 3, elements[0] == .number(2), case .string(let action) = elements[2],
               p.index < p.bytes.count, p.bytes[p.index] == UInt8(ascii: "{"), elide(action) {
                return try p.parseHeaderObject()
            }
            if elements.count == 2, elements[0] == .number(3), let answerKeys,
               p.index < p.bytes.count, p.bytes[p.index] == UInt8(ascii: "{") {
                return try p.parseObject(keeping: answerKeys)
            }
            return try p.parseValue(depth: 2)
        }
    }

    mutating func parseHeaderObject() throws(Failure) -> JSONValue {
        var unshared = SharedHeaders(capacity: 0)
        return try parseHeaderObject(sharing: &unshared)
    }

    /// ``parseHeaderObject()``, with the usual results (`{"connectorId": n}` for a small `n`)
    /// taken from `shared` rather than built again.
    mutating func parseHeaderObject(sharing shared: inout SharedHeaders) throws(Failure) -> JSONValue {
        let start = index
        if let object = try parseHeaderObjectByBytes(sharing: &shared) { return object }
        index = start
        return try parseMembers(HeaderMembers())
    }

    /// Header objects made once and handed out again, per input: an elided MeterValues payload
    /// is `{"connectorId": 1}` line after line, and building its member array every time
    /// was an allocation and a free per line (measured). Equal values either way.
    struct SharedHeaders {
        private var byConnector: [JSONValue?]

        init(capacity: Int = 16) {
            byConnector = Array(repeating: nil, count: capacity)
        }

        /// The object of this one member: a shared one for a small whole connector id.
        mutating func object(_ member: (String, JSONValue)) -> JSONValue {
            // Not -0: it equals 0 but is written apart.
            guard member.0 == "connectorId", case .number(let n) = member.1, n.sign == .plus, n < Double(byConnector.count),
                  let c = Int(exactly: n) else { return .object([member]) }
            if let known = byConnector[c] { return known }
            let made = JSONValue.object([member])
            byConnector[c] = made
            return made
        }
    }

    /// ``parseHeaderObject()`` for an object whose keys are all plain strings: keys are told
    /// by their bytes, so no string is made of the keys that are stepped over (a MeterValues
    /// payload's). Nil, at an unspecified index, at the first key that is not plain: the
    /// caller then reads the object from its start the general way. Everything else, errors
    /// included, goes as in ``parseMembers(_:)``.
    private mutating func parseHeaderObjectByBytes(sharing shared: inout SharedHeaders) throws(Failure) -> JSONValue? {
        guard let base = bytes.baseAddress else { return nil }
        index += 1
        // A lone member waits outside the array, which is made only for a second one.
        var lone: (String, JSONValue)?
        var members: [(String, JSONValue)] = []
        func finished() -> JSONValue {
            if let lone { return shared.object(lone) }
            return .object(members)
        }
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            guard let key = plainString() else { return nil }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            if let name = JSONParser.headerKey(base + key.lowerBound, key.count) {
                let member = (name, try parseValue(depth: 3))
                if members.isEmpty && lone == nil {
                    lone = member
                } else {
                    if let first = lone { members.append(first); lone = nil }
                    members.append(member)
                }
            } else {
                try skipValue(depth: 3)
            }
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return finished() }
            throw fail("expected ',' or '}'")
        }
    }

    /// The header key these bytes spell, if they spell one: `connectorId`, `evseId`, `timestamp`.
    @inline(__always)
    static func headerKey(_ at: UnsafePointer<UInt8>, _ count: Int) -> String? {
        func equals(_ name: StaticString) -> Bool { memcmp(at, name.utf8Start, count) == 0 }
        switch count {
        case 11: return equals("connectorId") ? "connectorId" : nil
        case 6: return equals("evseId") ? "evseId" : nil
        case 9: return equals("timestamp") ? "timestamp" : nil
        default: return nil
        }
    }

    /// An object reduced to `keys`: the other members are validated and stepped over.
    /// `lengths` is ``KeptMembers/lengths(of:)`` of `keys`, when the caller keeps it.
    mutating func parseObject(keeping keys: Set<String>, lengths: UInt64 = ~0) throws(Failure) -> JSONValue {
        try parseMembers(KeptMembers(keys: keys, lengths: lengths))
    }

    struct KeptMembers: MemberReader {
        let keys: Set<String>
        /// Bit n set when a kept key may be n bytes long (bit 63: 63 or more); all set when
        /// the length of some key does not decide equality. A key of another length is
        /// stepped over without hashing it (answers' keys, on a sixth of a fleet log's lines).
        let lengths: UInt64

        static func lengths(of keys: Set<String>) -> UInt64 {
            var mask: UInt64 = 0
            for key in keys {
                guard key.lengthDecidesEquality else { return ~0 }
                mask |= 1 << UInt64(min(key.utf8.count, 63))
            }
            return mask
        }

        func read(_ p: inout JSONParser, key: String) throws(Failure) -> JSONValue? {
            if lengths & (1 << UInt64(min(key.utf8.count, 63))) != 0, keys.contains(key) { return try p.parseValue(depth: 3) }
            try p.skipValue(depth: 3)
            return nil
        }
    }

    /// Keeps the header keys of an elided payload and steps over the rest.
    struct HeaderMembers: MemberReader {
        func read(_ p: inout JSONParser, key: String) throws(Failure) -> JSONValue? {
            if JSONParser.isHeaderKey(key) { return try p.parseValue(depth: 3) }
            try p.skipValue(depth: 3)
            return nil
        }
    }

    /// Steps over one value, checking it exactly as `parseValue` would.
    mutating func skipValue(depth: Int) throws(Failure) {
        let start = index
        if skipsValidValue(depth: depth) { return }
        index = start
        try skipValueCarefully(depth: depth)
    }

    /// Steps over the value at `index` and returns true when it is valid JSON one of the quick
    /// skips vouches for: the C scanner for plain values, else the Swift loop (escapes and
    /// non-ASCII text); false otherwise, with `index` unspecified.
    mutating func skipsValidValue(depth: Int) -> Bool {
        if let base = bytes.baseAddress {
            let end = ocpp_json_skip(base, bytes.count, index, depth, JSONParser.maxDepth)
            if end >= 0 { index = end; return true }
        }
        return skipValueQuickly(depth: depth)
    }

    /// The reference skip: recursive, byte by byte, and the one that words the error.
    mutating func skipValueCarefully(depth: Int) throws(Failure) {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard depth + 1 <= JSONParser.maxDepth else { throw fail("nesting too deep") }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input") }
                guard bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                try skipString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                index += 1
                skipWhitespace()
                try skipValueCarefully(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            guard depth + 1 <= JSONParser.maxDepth else { throw fail("nesting too deep") }
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                skipWhitespace()
                try skipValueCarefully(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw fail("unexpected character")
        }
    }

    /// Steps over a string, with the same escape, control-character and UTF-8 checks as `parseString`.
    mutating func skipString() throws(Failure) {
        index += 1
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") { index += 1; return }
            if c == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { throw fail("unexpected end of input") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    continue
                case UInt8(ascii: "u"):
                    let scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail("unpaired surrogate in string")
                        }
                        index += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw fail("unpaired surrogate in string") }
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw fail("unpaired surrogate in string")
                    }
                default:
                    index -= 1
                    throw fail("invalid escape")
                }
                continue
            }
            if c < 0x20 { throw fail("control character in string") }
            if c < 0x80 { index += 1; continue }
            guard validUTF8Sequence() else { throw fail("invalid UTF-8 in string") }
        }
        throw fail("unterminated string")
    }

    /// Checks one multi-byte UTF-8 sequence at `index` (well-formed per Unicode table 3-7) and steps over it.
    mutating func validUTF8Sequence() -> Bool {
        let c = bytes[index]
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            index + k < bytes.count && bytes[index + k] >= lo && bytes[index + k] <= hi
        }
        let length: Int
        switch c {
        case 0xC2...0xDF: guard cont(1) else { return false }; length = 2
        case 0xE0: guard cont(1, 0xA0), cont(2) else { return false }; length = 3
        case 0xE1...0xEC, 0xEE...0xEF: guard cont(1), cont(2) else { return false }; length = 3
        case 0xED: guard cont(1, 0x80, 0x9F), cont(2) else { return false }; length = 3
        case 0xF0: guard cont(1, 0x90), cont(2), cont(3) else { return false }; length = 4
        case 0xF1...0xF3: guard cont(1), cont(2), cont(3) else { return false }; length = 4
        case 0xF4: guard cont(1, 0x80, 0x8F), cont(2), cont(3) else { return false }; length = 4
        default: return false
        }
        index += length
        return true
    }
}
