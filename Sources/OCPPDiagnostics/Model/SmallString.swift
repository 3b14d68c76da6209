/// Strings of up to 15 ASCII bytes made straight from their bytes.
///
/// Such a string is stored in the `String` value itself: its bytes, then its length and
/// flags in the last byte. `String(decoding:as:)` reaches the same value after checking the
/// bytes for UTF-8 and for ASCII, about 130 instructions, and a fleet log makes two or three
/// such strings per line (the charge point id, the unique id, short payload values): 3 % of a
/// run (measured). Here the bytes are copied into the two words and the last byte is set as
/// the standard library sets it.
///
/// The layout is the standard library's, not a promise of it, so it is not assumed: the flags
/// are read off a string the library made, and before the first use every length from 0 to 15
/// is made both ways and compared word for word. If any differs (another platform, another
/// library version), `make` is `String(decoding:as:)` and nothing else.
enum SmallString {
    /// The last byte of a small ASCII string, without its length; nil when the check failed.
    private static let flags: UInt8? = {
        // Little-endian 64-bit only: there the last byte of the value is the high byte of its second word.
        guard MemoryLayout<String>.size == 16, 1.littleEndian == 1 else { return nil }
        let sample = String(decoding: [UInt8(ascii: "a")], as: UTF8.self)
        let flags = withUnsafeBytes(of: sample) { $0[15] } & 0xF0
        let letters = Array("0123456789abcdef".utf8)
        for length in 1...15 {
            let bytes = Array(letters[0..<length])
            let made = String(decoding: bytes, as: UTF8.self)
            guard let built = bytes.withUnsafeBufferPointer({ build($0.baseAddress!, length, flags: flags) }),
                  words(of: made) == words(of: built), made == built, made.utf8.count == length else { return nil }
        }
        return flags
    }()

    /// The string `bytes` spell as UTF-8 (invalid sequences repaired, as `String(decoding:as:)`
    /// does). `readable` is how many bytes may be read from where `bytes` start (at least its
    /// count): with 16, the bytes are taken as two words at once.
    @inline(__always)
    static func make(_ bytes: UnsafeBufferPointer<UInt8>, readable: Int = 0) -> String {
        let count = bytes.count
        if count <= 15, count > 0, let flags, let base = bytes.baseAddress {
            if readable >= 16 {
                var (low, high) = ShortBytes.words(base, count: count)
                if (low | high) & 0x8080_8080_8080_8080 == 0 {
                    high |= UInt64(flags | UInt8(truncatingIfNeeded: count)) &<< 56
                    return unsafeBitCast((UInt64(littleEndian: low), UInt64(littleEndian: high)), to: String.self)
                }
            } else if let made = build(base, count, flags: flags) {
                return made
            }
        }
        return decoded(bytes)
    }

    @inline(never)
    private static func decoded(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The small string of `count` (1...15) bytes at `base`, or nil if one is not ASCII. The
    /// bytes are gathered one by one into the two words: a copy through memory called `memcpy`
    /// and `memset` for a dozen bytes (measured).
    @inline(__always)
    private static func build(_ base: UnsafePointer<UInt8>, _ count: Int, flags: UInt8) -> String? {
        var low: UInt64 = 0, high: UInt64 = 0, any: UInt8 = 0
        for i in 0..<min(count, 8) {
            any |= base[i]
            low |= UInt64(base[i]) &<< UInt64(i &* 8)
        }
        if count > 8 {
            for i in 8..<count {
                any |= base[i]
                high |= UInt64(base[i]) &<< UInt64((i &- 8) &* 8)
            }
        }
        guard any < 0x80 else { return nil }
        high |= UInt64(flags | UInt8(truncatingIfNeeded: count)) &<< 56
        return unsafeBitCast((UInt64(littleEndian: low), UInt64(littleEndian: high)), to: String.self)
    }

    private static func words(of s: String) -> (UInt64, UInt64) {
        withUnsafeBytes(of: s) { ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }
}
