import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One of N disjoint parts of a fleet (DESIGN §9): the charge points whose id hashes to `index`.
///
/// The hash is FNV-1a (64-bit) over the UTF-8 bytes of the id's Unicode NFC form, modulo
/// `count`: stable across runs, machines and versions, so `--shard K/N` outputs from
/// separate processes add up to the unsharded output. NFC, because ids are compared as Swift
/// strings are, up to canonical equivalence: two spellings of one id (`é` precomposed or
/// not, a Kelvin sign and a `K`) are one charge point, and must land in one shard. An ASCII
/// id is its own NFC form.
public struct Shard: Sendable, Hashable {
    public var index: Int
    public var count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (0-based K).
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: k, count: n)
    }

    public static func of<S: StringProtocol>(_ chargePointId: S, count: Int) -> Int {
        var id = String(chargePointId)
        return id.withUTF8 { part(hash($0), count) }
    }

    /// The shard hash of an id given as its UTF-8 bytes (see the type's description).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = FNV1a64()
        if isASCII(bytes) {
            h.add(bytes)
        } else {
            h.add(String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
        }
        return h.value
    }

    /// Whether no byte has its high bit set, eight at a time (every line's id is checked).
    @inline(__always)
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var high: UInt64 = 0
        var i = 0
        while i + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count {
            high |= UInt64(base[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// `hash mod count`; a mask when `count` is a power of two (thread counts usually are),
    /// the same number without a 64-bit division, which was half the cost of telling a line's
    /// shard (measured).
    @inline(__always)
    static func part(_ hash: UInt64, _ count: Int) -> Int {
        count & (count - 1) == 0 ? Int(hash & UInt64(count - 1)) : Int(hash % UInt64(count))
    }

    public func owns<S: StringProtocol>(_ chargePointId: S) -> Bool {
        count == 1 || Shard.of(chargePointId, count: count) == index
    }
}

extension Shard {
    /// ``owns(_:)`` for an id given as its UTF-8 bytes (a hint read off a line).
    func owns(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count > 1 else { return true }
        return Shard.part(Shard.hash(bytes), count) == index
    }
}

extension JSONLinesFormat {
    /// The top-level `"chargePointId"` and `"timestamp"` of a wrapped frame or flat record,
    /// read by stepping over the members before them: given only when every key up to them is
    /// a plain string (no escapes or non-ASCII), every object or array before them is valid
    /// JSON (stepped over whole), and their value is a plain string, so that on a line that
    /// decodes it equals what decoding finds (decoding takes a key's first occurrence). Other
    /// scalars are stepped over up to the next `,` or `}` unchecked: on a damaged line a hint
    /// is only a guess, but every shard makes the same one.
    func hints(_ line: UnsafeBufferPointer<UInt8>) -> LineHints {
        if let base = line.baseAddress, let common = JSONLinesFormat.commonHints(base, line.count) { return common }
        return walkedHints(line)
    }

    /// ``hints(_:)`` found by walking the line's members (any key order, spaces, a frame first).
    func walkedHints(_ line: UnsafeBufferPointer<UInt8>) -> LineHints {
        var out = LineHints()
        guard let base = line.baseAddress else { return out }
        let n = line.count
        var p = JSONParser(bytes: line)
        p.skipWhitespace()
        guard p.index < n, line[p.index] == UInt8(ascii: "{") else { return out }
        p.index += 1
        var timeSeen = false, chargePointSeen = false
        while true {
            p.skipWhitespace()
            guard p.index < n, line[p.index] == UInt8(ascii: "\""), let key = p.plainString() else { return out }
            p.skipWhitespace()
            guard p.index < n, line[p.index] == UInt8(ascii: ":") else { return out }
            p.index += 1
            p.skipWhitespace()
            guard p.index < n else { return out }
            let isTime = !timeSeen && key.count == 9 && memcmp(base + key.lowerBound, ("timestamp" as StaticString).utf8Start, 9) == 0
            let isChargePoint = !chargePointSeen && key.count == 13
                && memcmp(base + key.lowerBound, ("chargePointId" as StaticString).utf8Start, 13) == 0
            switch line[p.index] {
            case UInt8(ascii: "\""):
                guard let value = p.plainString() else { return out }
                if isTime && !value.isEmpty { out.time = value }
                if isChargePoint && !value.isEmpty { out.chargePoint = value }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                // A nested value (a frame written before the envelope's other keys): stepped
                // over whole, so the keys after it are still found at the top level.
                guard p.skipsValidValue(depth: 1) else { return out }
            default:  // a number or a literal
                while p.index < n, line[p.index] != UInt8(ascii: ","), line[p.index] != UInt8(ascii: "}") { p.index += 1 }
            }
            timeSeen = timeSeen || isTime
            chargePointSeen = chargePointSeen || isChargePoint
            if timeSeen && chargePointSeen { return out }
            p.skipWhitespace()
            guard p.index < n, line[p.index] == UInt8(ascii: ",") else { return out }
            p.index += 1
        }
    }

    /// The hints of a line that opens `{"timestamp":"…","chargePointId":"…"` (how most logs
    /// write it), or the same with a space after each `:` and `,` (how Python's `json.dumps`
    /// writes it by default), read in place: what ``walkedHints(_:)`` finds on such a line, for
    /// a fraction of its cost (every shard reads the hints of every line). Nil for any other
    /// opening. The time starts at byte 14 in the first layout and 15 in the second, which is
    /// how ``WrappedFrameLine`` tells them apart.
    @inline(__always)
    static func commonHints(_ base: UnsafePointer<UInt8>, _ n: Int) -> LineHints? {
        // Constant offsets in each call, so that every comparison is of words at fixed places.
        if let found = commonHints(base, n, opening: 14, between: 19, CommonOpening.compact) { return found }
        // Both openings share their first 13 bytes; the spaced one has a space as its 14th.
        guard n > 14, base[13] == UInt8(ascii: " ") else { return nil }
        return commonHints(base, n, opening: 15, between: 21, CommonOpening.spaced)
    }

    @inline(__always)
    private static func commonHints(_ base: UnsafePointer<UInt8>, _ n: Int, opening o: Int, between b: Int,
                                    _ words: (UInt64, UInt64, UInt64, UInt64, UInt64)) -> LineHints? {
        let raw = UnsafeRawPointer(base)
        func word(_ at: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
        guard n > o + b + 2, word(0) == words.0, word(o - 8) == words.1 else { return nil }
        // The usual 24-byte time (`2026-03-01T08:00:00.000Z`) is checked as three words at
        // once; any other length is scanned for its end.
        let timeEnd = n > o + 24 + b && base[o + 24] == UInt8(ascii: "\"")
            && JSONParser.plainWords(word(o), word(o + 8), word(o + 16)) ? o + 24 : JSONParser.plainRun(base, from: o, to: n)
        guard timeEnd > o, timeEnd + b < n, word(timeEnd) == words.2,
              word(timeEnd + 8) == words.3, word(timeEnd + b - 8) == words.4 else { return nil }
        let idStart = timeEnd + b
        let idEnd = JSONParser.plainRun(base, from: idStart, to: n)
        guard idEnd > idStart, idEnd < n, base[idEnd] == UInt8(ascii: "\"") else { return nil }
        return LineHints(chargePoint: idStart..<idEnd, time: o..<timeEnd)
    }

    private enum CommonOpening {
        /// The opening's first and last eight bytes, then the first, second and last eight of
        /// what lies between the time and the charge point id, in each layout.
        static let compact = words(#"{"timestamp":""#, #"","chargePointId":""#)
        static let spaced = words(#"{"timestamp": ""#, #"", "chargePointId": ""#)

        private static func words(_ opening: StaticString, _ between: StaticString) -> (UInt64, UInt64, UInt64, UInt64, UInt64) {
            func word(_ text: StaticString, _ at: Int) -> UInt64 {
                UnsafeRawPointer(text.utf8Start).loadUnaligned(fromByteOffset: at, as: UInt64.self)
            }
            let o = opening.utf8CodeUnitCount, b = between.utf8CodeUnitCount
            return (word(opening, 0), word(opening, o - 8), word(between, 0), word(between, 8), word(between, b - 8))
        }
    }
}
