/// Whether a shard owns a charge point id, remembered by the id's bytes.
///
/// Every thread of a sharded run tells the owner of every line from the id's bytes; hashing
/// them (and checking for non-ASCII) was most of the cost of stepping over another shard's
/// line (measured). Ids of 1 to 15 bytes are kept in a two-way table of their bytes as two
/// words; longer ids, and ids too near the end of the memory they are read from to load
/// sixteen bytes, are hashed each time. A value over memory of its own, so that a lookup
/// retains nothing; used by one thread only, which calls ``deallocate()`` when done. Not a
/// ``ByteInterner``: its hash and probe made stepping over a line cost 790 instructions to
/// this table's 620 (measured).
struct OwnershipCache {
    /// Entries of two words: the id's bytes, with its length and whether it is owned in the
    /// top byte (zero in the bytes of an id shorter than 16); all zero when empty.
    private static let size = 4096
    private let shard: Shard
    private let entries: UnsafeMutablePointer<(UInt64, UInt64)>

    init(shard: Shard) {
        self.shard = shard
        entries = .allocate(capacity: OwnershipCache.size)
        entries.initialize(repeating: (0, 0), count: OwnershipCache.size)
    }

    func deallocate() { entries.deallocate() }

    /// Whether the shard owns the id spelled by `id`; `readable` is how many bytes from the
    /// id's start may be read (at least its length).
    @inline(__always)
    func owns(_ id: UnsafeBufferPointer<UInt8>, readable: Int) -> Bool {
        let n = id.count
        guard n > 0, n < 16, readable >= 16, let base = id.baseAddress else { return shard.owns(bytes: id) }
        var (low, high) = ShortBytes.words(base, count: n)
        high |= UInt64(n) << 56
        let first = Int(truncatingIfNeeded: ((low ^ (high &* 0xFF51_AFD7_ED55_8CCD)) &* 0x9E37_79B9_7F4A_7C15) >> 52) & (OwnershipCache.size - 2)
        let ownedBit: UInt64 = 1 << 63
        for slot in first...(first + 1) {
            let entry = entries[slot]
            if entry.0 == low && entry.1 & ~ownedBit == high { return entry.1 & ownedBit != 0 }
        }
        let owned = shard.owns(bytes: id)
        // The newer id takes the first way, the one it displaces the second.
        entries[first + 1] = entries[first]
        entries[first] = (low, high | (owned ? ownedBit : 0))
        return owned
    }
}
