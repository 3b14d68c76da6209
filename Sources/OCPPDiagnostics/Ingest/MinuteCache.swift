/// Remembers the minute of the last UTC log time read, so that the next time in the same
/// minute is read from its seconds alone.
///
/// A fleet log has a time on every line and consecutive lines nearly always share their
/// minute; reading the full ISO 8601 form (date, calendar arithmetic, checks) was 3 % of a
/// batch run's instructions and twice that for a shard, which reads the times of other
/// shards' lines too. Only the common shape `YYYY-MM-DDTHH:MM:SS[.fff…]Z` takes the short
/// way, and only after its first 16 bytes matched a time that ``Timestamp/parseParts(bytes:)``
/// read in full; anything else goes the long way (a test compares the two on varied times).
struct MinuteCache {
    /// The first 16 bytes (`YYYY-MM-DDTHH:MM`) of the cached minute, as two words.
    private var prefix: (UInt64, UInt64) = (0, 0)
    /// Milliseconds since the epoch at the start of that minute; nil before the first time.
    private var minuteStart: Int64?

    /// The UTC time `bytes` spell if they are in the common shape and the cached minute;
    /// nil means "read it the long way" (not that it is invalid).
    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard let minuteStart, let parts = MinuteCache.split(bytes), parts.prefix == prefix else { return nil }
        return Timestamp(millisecondsSinceEpoch: minuteStart + parts.millisecondsIntoMinute)
    }

    /// Caches the minute of `bytes`, which the full reader read as `time`, when they are in the common shape.
    mutating func store(_ bytes: UnsafeBufferPointer<UInt8>, time: Timestamp) {
        guard let parts = MinuteCache.split(bytes) else { return }
        prefix = parts.prefix
        minuteStart = time.millisecondsSinceEpoch - parts.millisecondsIntoMinute
    }

    /// The minute's bytes and the milliseconds after it, for `YYYY-MM-DDTHH:MM:SS[.fff…]Z`
    /// (`z` too, and `,` for the decimal mark, as the full reader accepts); nil for any other
    /// shape. Seconds go up to 60 and digits after the third decimal count for nothing,
    /// as in the full reader.
    @inline(__always)
    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (prefix: (UInt64, UInt64), millisecondsIntoMinute: Int64)? {
        let n = bytes.count
        guard n >= 20, let base = bytes.baseAddress, base[16] == UInt8(ascii: ":"),
              base[n - 1] == UInt8(ascii: "Z") || base[n - 1] == UInt8(ascii: "z") else { return nil }
        let raw = UnsafeRawPointer(base)
        let prefix = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if n == 24, base[19] == UInt8(ascii: ".") {
            // `SS.fffZ`, how nearly every log writes it: five digits, no loop.
            let s1 = base[17] &- 48, s2 = base[18] &- 48, m1 = base[20] &- 48, m2 = base[21] &- 48, m3 = base[22] &- 48
            guard s1 <= 6, s2 <= 9, m1 <= 9, m2 <= 9, m3 <= 9 else { return nil }
            let second = Int64(s1) &* 10 &+ Int64(s2)
            guard second <= 60 else { return nil }
            return (prefix, second &* 1000 &+ Int64(m1) &* 100 &+ Int64(m2) &* 10 &+ Int64(m3))
        }
        let s1 = Int64(base[17]) - 48, s2 = Int64(base[18]) - 48
        guard s1 >= 0, s1 <= 6, s2 >= 0, s2 <= 9 else { return nil }
        let second = s1 * 10 + s2
        guard second <= 60 else { return nil }
        var millis: Int64 = 0
        if n > 20 {
            guard base[19] == UInt8(ascii: ".") || base[19] == UInt8(ascii: ","), n > 21 else { return nil }
            var scale: Int64 = 100
            for i in 20..<(n - 1) {
                let d = Int64(base[i]) - 48
                guard d >= 0, d <= 9 else { return nil }
                millis += d * scale
                scale /= 10
            }
        }
        return (prefix, second * 1000 + millis)
    }
}

extension DecodeContext {
    /// ``parseTime(_:)-(UnsafeBufferPointer<UInt8>)`` for the line times of a stream, through the minute cache.
    mutating func parseLineTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        if let t = minuteCache.lookup(bytes) { return t }
        guard let t = parseTime(bytes) else { return nil }
        minuteCache.store(bytes, time: t)
        return t
    }
}
