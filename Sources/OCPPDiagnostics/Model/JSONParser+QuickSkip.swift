/// Stepping over valid JSON quickly: the measured hot spot of a batch run.
///
/// The payloads no rule reads (MeterValues above all) are most of a fleet log's bytes, and
/// stepping over them byte by byte through the recursive ``JSONParser/skipValueCarefully(depth:)``
/// took a fifth of a run. This loop accepts only what that one accepts, without recursion
/// and checking string bytes eight at a time; on anything else — damage, escapes it leaves
/// to the careful skip, nesting deeper than it tracks — it answers false and the careful
/// skip runs from the start, so errors read exactly as before.
extension JSONParser {
    @inline(__always)
    private static func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 }

    /// The index of the first byte at or after `from` that is a quote, a backslash, a control
    /// character or non-ASCII, checking eight bytes at a time; in the last few bytes of the
    /// buffer, possibly an index before it (the caller's byte loop goes on from there).
    @inline(__always)
    static func plainRun(_ base: UnsafePointer<UInt8>, from: Int, to n: Int) -> Int {
        var j = from
        while j + 8 <= n {
            let special = specialBytes(UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self))
            // Borrows only run upward from a flagged byte, so the lowest flag is exact.
            if special != 0 { return j + special.trailingZeroBitCount >> 3 }
            j += 8
        }
        return j
    }

    /// The high bit of each byte of a word (as loaded from memory) that is a quote, a
    /// backslash, a control character or non-ASCII; bytes above the lowest flagged one may be
    /// flagged wrongly (a borrow).
    @inline(__always)
    static func specialBytes(_ raw: UInt64) -> UInt64 {
        // Little-endian order, so the lowest bits are the first byte on any machine.
        let v = UInt64(littleEndian: raw)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = v ^ (ones &* 0x22), slash = v ^ (ones &* 0x5C)
        return (((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | (v &- ones &* 0x20) | v) & highs
    }

    /// Whether three words of string bytes hold no quote, backslash, control character or
    /// non-ASCII byte (``plainRun(_:from:to:)`` for exactly 24 bytes, without its loop).
    @inline(__always)
    static func plainWords(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> Bool {
        specialBytes(a) | specialBytes(b) | specialBytes(c) == 0
    }

    /// Steps over the value at `index` and returns true when it is valid JSON the quick loop
    /// can vouch for; false otherwise, with `index` unspecified.
    mutating func skipValueQuickly(depth: Int) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let n = bytes.count
        var i = index
        var objects: UInt64 = 0  // one bit per open container, newest lowest: 1 for an object
        var level = 0

        @inline(__always) func skipWhitespace() {
            while i < n, JSONParser.isWhitespace(base[i]) { i += 1 }
        }
        /// A key and its colon, at `i` (whitespace already skipped).
        @inline(__always) func key() -> Bool {
            guard i < n, base[i] == UInt8(ascii: "\""), let end = string(at: i) else { return false }
            i = end
            skipWhitespace()
            guard i < n, base[i] == UInt8(ascii: ":") else { return false }
            i += 1
            return true
        }
        func string(at start: Int) -> Int? {
            var j = JSONParser.plainRun(base, from: start + 1, to: n)
            while j < n {
                let c = base[j]
                if c == UInt8(ascii: "\"") { return j + 1 }
                if c == UInt8(ascii: "\\") || c >= 0x80 {
                    // Escapes and multi-byte characters: the careful string skip checks them.
                    var p = JSONParser(bytes: bytes)
                    p.index = start
                    do throws(Failure) { try p.skipString() } catch { return nil }
                    return p.index
                }
                if c < 0x20 { return nil }
                j += 1
            }
            return nil
        }
        func digits() -> Bool {
            guard i < n, base[i] >= 0x30, base[i] <= 0x39 else { return false }
            while i < n, base[i] >= 0x30, base[i] <= 0x39 { i += 1 }
            return true
        }
        func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard i + count <= n else { return false }
            for k in 0..<count where base[i + k] != word.utf8Start[k] { return false }
            i += count
            return true
        }

        while true {
            // A value starts at `i`.
            guard i < n else { return false }
            switch base[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = base[i] == UInt8(ascii: "{")
                guard level < 64, depth + level + 1 <= JSONParser.maxDepth else { return false }
                objects = objects << 1 | (isObject ? 1 : 0)
                level += 1
                i += 1
                skipWhitespace()
                guard i < n else { return false }
                if base[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    objects >>= 1
                    level -= 1
                } else {
                    if isObject { guard key() else { return false } }
                    skipWhitespace()
                    continue
                }
            case UInt8(ascii: "\""):
                guard let end = string(at: i) else { return false }
                i = end
            case UInt8(ascii: "t"): guard literal("true") else { return false }
            case UInt8(ascii: "f"): guard literal("false") else { return false }
            case UInt8(ascii: "n"): guard literal("null") else { return false }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if base[i] == UInt8(ascii: "-") { i += 1 }
                guard i < n else { return false }
                if base[i] == UInt8(ascii: "0") { i += 1 } else { guard digits() else { return false } }
                if i < n, base[i] == UInt8(ascii: ".") { i += 1; guard digits() else { return false } }
                if i < n, base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E") {
                    i += 1
                    if i < n, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
                    guard digits() else { return false }
                }
            default:
                return false
            }
            // After a value: close containers, or go on to the next element or member.
            while true {
                if level == 0 {
                    index = i
                    return true
                }
                skipWhitespace()
                guard i < n else { return false }
                let inObject = objects & 1 == 1
                if base[i] == UInt8(ascii: ",") {
                    i += 1
                    skipWhitespace()
                    if inObject {
                        guard key() else { return false }
                        skipWhitespace()
                    }
                    break
                }
                guard base[i] == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return false }
                i += 1
                objects >>= 1
                level -= 1
            }
        }
    }
}
