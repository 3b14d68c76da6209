/// A length of time written in rules as `30s`, `15m`, `2h`, `1d` or sums such as `1h30m`.
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func seconds(_ s: Int64) -> TimeSpan { TimeSpan(milliseconds: s * 1000) }
    public static func minutes(_ m: Int64) -> TimeSpan { TimeSpan(milliseconds: m * 60_000) }
    public static let zero = TimeSpan(milliseconds: 0)
    /// The longest duration accepted (3,660 days, ten years and then some): longer ones are
    /// refused rather than allowed to overflow time arithmetic.
    public static let longest = TimeSpan(milliseconds: 3660 * 86_400_000)

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// Parses `30s`, `15m`, `2h`, `1d`, `500ms` and sums of them (`1h30m`). Returns nil for anything else.
    public static func parse(_ text: String) -> TimeSpan? {
        let chars = Array(text.utf8)
        guard !chars.isEmpty else { return nil }
        var i = 0
        var total: Int64 = 0
        while i < chars.count {
            var value: Int64 = 0
            let start = i
            while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                value = value * 10 + Int64(chars[i] - 48)
                guard value < 1_000_000_000 else { return nil }
                i += 1
            }
            guard i > start, i < chars.count else { return nil }
            let unit: Int64
            if chars[i] == UInt8(ascii: "m"), i + 1 < chars.count, chars[i + 1] == UInt8(ascii: "s") {
                unit = 1; i += 2
            } else {
                switch chars[i] {
                case UInt8(ascii: "s"): unit = 1000
                case UInt8(ascii: "m"): unit = 60_000
                case UInt8(ascii: "h"): unit = 3_600_000
                case UInt8(ascii: "d"): unit = 86_400_000
                case UInt8(ascii: "w"): unit = 7 * 86_400_000
                default: return nil
                }
                i += 1
            }
            total += value * unit
            guard total <= TimeSpan.longest.milliseconds else { return nil }
        }
        return TimeSpan(milliseconds: total)
    }

    /// The shortest form in the rule syntax: `15m`, `1h30m`, `1d`, `0s`.
    public var description: String {
        var rest = milliseconds
        guard rest > 0 else { return "0s" }
        var out = ""
        for (unit, name) in [(Int64(86_400_000), "d"), (3_600_000, "h"), (60_000, "m"), (1000, "s"), (1, "ms")] {
            if rest >= unit {
                out += "\(rest / unit)\(name)"
                rest %= unit
            }
        }
        return out
    }
}
