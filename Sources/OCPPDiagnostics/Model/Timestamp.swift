/// A point in time, as whole milliseconds since the Unix epoch (UTC).
///
/// Log times are parsed and printed by hand rather than with `ISO8601DateFormatter`:
/// every input line carries one, so this is on the per-line hot path, and the
/// formatter neither accepts every offset form real central systems write nor is cheap.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// 9999-12-31T23:59:59.999Z: no log time is later (ISO years have four digits).
    public static let latest = Timestamp(millisecondsSinceEpoch: 253_402_300_799_999)

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public static func + (lhs: Timestamp, rhs: TimeSpan) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: lhs.millisecondsSinceEpoch + rhs.milliseconds)
    }

    public static func - (lhs: Timestamp, rhs: TimeSpan) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: lhs.millisecondsSinceEpoch - rhs.milliseconds)
    }

    /// ISO 8601 in UTC with milliseconds: `2026-03-01T09:12:00.000Z`.
    public var description: String { iso8601 }

    public var iso8601: String {
        var ms = millisecondsSinceEpoch
        var days = ms / 86_400_000
        ms -= days * 86_400_000
        if ms < 0 { ms += 86_400_000; days -= 1 }
        let (y, m, d) = CivilDate.fromDays(days)
        let h = ms / 3_600_000, mi = (ms / 60_000) % 60, s = (ms / 1000) % 60, frac = ms % 1000
        if (0...9999).contains(y) {
            // Written digit by digit: reports write several times per diagnosis, and the
            // padded interpolation below cost ~9,000 instructions a time (measured).
            return String(unsafeUninitializedCapacity: 24) { out in
                func put(_ v: Int64, _ width: Int, at end: Int) {
                    var v = v
                    for i in stride(from: end - 1, through: end - width, by: -1) {
                        out[i] = UInt8(ascii: "0") + UInt8(v % 10)
                        v /= 10
                    }
                }
                put(y, 4, at: 4); out[4] = UInt8(ascii: "-"); put(m, 2, at: 7); out[7] = UInt8(ascii: "-")
                put(d, 2, at: 10); out[10] = UInt8(ascii: "T"); put(h, 2, at: 13); out[13] = UInt8(ascii: ":")
                put(mi, 2, at: 16); out[16] = UInt8(ascii: ":"); put(s, 2, at: 19); out[19] = UInt8(ascii: ".")
                put(frac, 3, at: 23); out[23] = UInt8(ascii: "Z")
                return 24
            }
        }
        func pad(_ v: Int64, _ width: Int) -> String {
            let str = String(v)
            return str.count >= width ? str : String(repeating: "0", count: width - str.count) + str
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(frac, 3))Z"
    }

    /// Parses ISO 8601 / RFC 3339 date-times: `2026-03-01T08:00:00Z`, `…00.123+05:30`,
    /// `…00+0200`, a space instead of `T`, and a comma before the fraction (SteVe).
    /// A time with no offset is naive and is read at `naiveOffsetSeconds` (UTC by default).
    public static func parse(_ text: String, naiveOffsetSeconds: Int = 0) -> Timestamp? {
        var copy = text
        return copy.withUTF8 { parse(bytes: $0, naiveOffsetSeconds: naiveOffsetSeconds) }
    }

    public static func parse(bytes: UnsafeBufferPointer<UInt8>, naiveOffsetSeconds: Int = 0) -> Timestamp? {
        guard let (local, offset) = parseParts(bytes: bytes) else { return nil }
        return Timestamp(millisecondsSinceEpoch: local - (offset ?? Int64(naiveOffsetSeconds)) * 1000)
    }

    /// Reads a date-time as its wall-clock value (milliseconds since the epoch as if it were UTC)
    /// and the offset it names in seconds east of UTC, nil when it names none (a naive time).
    static func parseParts(bytes: UnsafeBufferPointer<UInt8>) -> (local: Int64, offsetSeconds: Int64?)? {
        var i = 0
        let n = bytes.count
        func digits(_ count: Int) -> Int64? {
            guard i + count <= n else { return nil }
            var v: Int64 = 0
            for k in 0..<count {
                let c = bytes[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, bytes[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else { return nil }
        guard month >= 1 && month <= 12 && day >= 1 && day <= 31 else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, millis: Int64 = 0
        if i < n && (bytes[i] == 0x54 || bytes[i] == 0x74 || bytes[i] == 0x20) {  // T, t or space
            i += 1
            guard let h = digits(2), expect(0x3A), let mi = digits(2) else { return nil }
            hour = h; minute = mi
            if expect(0x3A) {
                guard let s = digits(2) else { return nil }
                second = s
                if i < n && (bytes[i] == 0x2E || bytes[i] == 0x2C) {  // . or ,
                    i += 1
                    var scale: Int64 = 100
                    var sawDigit = false
                    while i < n, bytes[i] >= 48, bytes[i] <= 57 {
                        millis += Int64(bytes[i] - 48) * scale
                        scale /= 10
                        sawDigit = true
                        i += 1
                    }
                    guard sawDigit else { return nil }
                }
            }
            guard hour <= 24 && minute <= 59 && second <= 60 else { return nil }
        }
        var offsetSeconds: Int64?
        if i < n {
            let c = bytes[i]
            if c == 0x5A || c == 0x7A {  // Z
                offsetSeconds = 0
                i += 1
            } else if c == 0x2B || c == 0x2D {  // + or -
                let sign: Int64 = c == 0x2D ? -1 : 1
                i += 1
                guard let oh = digits(2) else { return nil }
                var om: Int64 = 0
                if expect(0x3A) {
                    guard let m = digits(2) else { return nil }
                    om = m
                } else if let m = digits(2) {
                    om = m
                }
                offsetSeconds = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == n else { return nil }
        let days = CivilDate.toDays(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return (seconds * 1000 + millis, offsetSeconds)
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithm).
enum CivilDate {
    static func toDays(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func fromDays(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
