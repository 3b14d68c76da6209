#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings that recur line after line (charge point ids, action names), found by their bytes.
///
/// Making a `String` of a line's bytes validates and copies them, and deciding what to do
/// with an action hashed that new string again; for the two or three such values on every
/// line of a fleet log, that was a tenth of reading it (measured). Here the bytes are hashed
/// once (FNV-1a) and compared with the few distinct values seen, and what was made of them
/// the first time comes back. The table is per input and per thread, and starts afresh past
/// `limit` distinct values so that junk ids cannot grow it without bound.
struct ByteInterner<Value> {
    /// Up to 16 bytes are kept in the entry itself (most ids and names), so that comparing them
    /// reaches no other memory: a fleet's ids are looked up in turn, and the table does not
    /// stay in cache.
    private struct Entry {
        var hash: UInt64
        var short: (UInt64, UInt64)
        var count: Int
        /// The bytes, when there are more than 16.
        var long: [UInt8]
        var value: Value
    }

    /// The first 16 bytes (zero-padded), as two words.
    @inline(__always)
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var w: (UInt64, UInt64) = (0, 0)
        if let base = bytes.baseAddress {
            withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: base, byteCount: min(bytes.count, 16)) }
        }
        return w
    }

    private var slots = [Int32](repeating: -1, count: 64)
    private var entries: [Entry] = []
    private let limit: Int

    init(limit: Int = 1 << 16) {
        self.limit = limit
    }

    /// The value stored for `bytes`, if they were seen (and not forgotten since).
    func existing(_ bytes: UnsafeBufferPointer<UInt8>) -> Value? {
        probe(bytes, hash: ByteInterner.hash(bytes)).entry.map { entries[$0].value }
    }

    /// The value for `bytes`, made from their string by `make` the first time they are seen.
    mutating func value(for bytes: UnsafeBufferPointer<UInt8>, make: (String) -> Value) -> Value {
        let hash = ByteInterner.hash(bytes)
        var (found, slot) = probe(bytes, hash: hash)
        if let found { return entries[found].value }
        if entries.count >= limit {
            entries.removeAll()
            slots = [Int32](repeating: -1, count: 64)
            slot = probe(bytes, hash: hash).slot
        }
        let value = make(String(decoding: bytes, as: UTF8.self))
        entries.append(Entry(hash: hash, short: ByteInterner.words(bytes), count: bytes.count,
                             long: bytes.count > 16 ? Array(bytes) : [], value: value))
        slots[slot] = Int32(entries.count - 1)
        if entries.count * 2 > slots.count { grow() }
        return value
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = FNV1a64()
        h.add(bytes)
        return h.value
    }

    /// The entry holding `bytes`, or else the empty slot where they would go.
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (entry: Int?, slot: Int) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let s = Int(slots[i])
            if s < 0 { return (nil, i) }
            if entries[s].hash == hash, equal(s, bytes) { return (s, i) }
            i = (i + 1) & mask
        }
    }

    /// Whether entry `s` holds these bytes (read in place: an entry holds an array).
    private func equal(_ s: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard entries[s].count == bytes.count else { return false }
        if bytes.count <= 16 { return ByteInterner.words(bytes) == entries[s].short }
        return entries[s].long.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
    }

    /// Doubles the slot table (kept under half full, so probes stay short).
    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (k, e) in entries.enumerated() {
            var i = Int(truncatingIfNeeded: e.hash) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(k)
        }
    }

    var count: Int { entries.count }
}
