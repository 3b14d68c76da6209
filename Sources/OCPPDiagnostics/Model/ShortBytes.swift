/// Up to 15 bytes as two little-endian words, the bytes after them masked off, so that the
/// words depend on the bytes alone: a short id's key (``OwnershipCache``) and a short string's
/// storage (``SmallString``), read with two loads instead of a byte at a time.
enum ShortBytes {
    /// The `count` (1...15) bytes at `base`, from which at least 16 bytes may be read.
    @inline(__always)
    static func words(_ base: UnsafePointer<UInt8>, count: Int) -> (low: UInt64, high: UInt64) {
        let raw = UnsafeRawPointer(base)
        var low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
        var high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        if count < 8 {
            low &= (1 &<< UInt64(count &* 8)) &- 1
            high = 0
        } else {
            high &= (1 &<< UInt64((count &- 8) &* 8)) &- 1
        }
        return (low, high)
    }
}
