/// Small dense numbers for the charge points a thread has seen, so that per-charge-point
/// records can live in arrays.
///
/// Ids that are equal strings share a slot (Swift compares canonically equivalent spellings
/// as equal), so the dictionary by string decides; in front of it, a table by the id's bytes
/// answers the usual case — a line's id spelled as before — with one FNV-1a hash and no
/// string hashing (every event looks its charge point up, in the correlator and the engine).
struct ChargePointSlots {
    private var byString: [String: Int32] = [:]
    private var byBytes = ByteInterner<Int32>()
    /// In front of both, ids by their representation: a `String`'s two words, which for a short
    /// id are its bytes and otherwise point at its storage — the one object the reader shares
    /// among all the events of a charge point. Equal words are the same text, and each entry's
    /// string is kept alive beside it, so its storage cannot be reused for another id while the
    /// entry is here. The words are plain numbers, so looking one up retains nothing.
    private var byWords = [Recent](repeating: Recent(), count: ChargePointSlots.recentCount)
    private var keptAlive = [String](repeating: "", count: ChargePointSlots.recentCount)
    private struct Recent {
        var words: (UInt64, UInt64) = (0, 0)
        var slot: Int32 = -1
    }
    private static let ways = 4
    private static let setBits = 11
    private static let recentCount = ways << setBits

    var count: Int { byString.count }

    /// Whether a `String` is two words (64-bit platforms); elsewhere ids go by their bytes.
    private static let stringIsTwoWords = MemoryLayout<String>.size == 16

    @inline(__always)
    private static func words(_ id: String) -> (UInt64, UInt64) {
        withUnsafeBytes(of: id) { ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }

    /// The id's slot, and whether it was given just now (slots are 0, 1, 2, … in order of first sight).
    mutating func slot(of id: String) -> (slot: Int, isNew: Bool) {
        guard ChargePointSlots.stringIsTwoWords else { return slotByText(id) }
        let w = ChargePointSlots.words(id)
        // Four ways per set: with one, a tenth of a fleet's ids shared their entry with another
        // and, both in use, kept displacing each other into the slow lookup (measured).
        let hash = (w.0 &* 0x9E37_79B9_7F4A_7C15) ^ (w.1 &* 0xC2B2_AE3D_27D4_EB4F)
        let set = Int(truncatingIfNeeded: hash >> (64 - ChargePointSlots.setBits)) &* ChargePointSlots.ways
        let hit: Int32 = byWords.withUnsafeBufferPointer { entries in
            for way in set..<(set + ChargePointSlots.ways) where entries[way].slot >= 0 && entries[way].words == w {
                return entries[way].slot
            }
            return -1
        }
        if hit >= 0 { return (Int(hit), false) }
        let found = slotByText(id)
        // The newest id takes the first way; the others move down one, the last one leaves.
        for way in stride(from: set + ChargePointSlots.ways - 1, to: set, by: -1) {
            byWords[way] = byWords[way - 1]
            keptAlive[way] = keptAlive[way - 1]
        }
        byWords[set] = Recent(words: w, slot: Int32(found.slot))
        keptAlive[set] = id
        return found
    }

    private mutating func slotByText(_ id: String) -> (slot: Int, isNew: Bool) {
        var bytes = id
        if let known = bytes.withUTF8({ byBytes.existing($0) }) { return (Int(known), false) }
        let slot: Int32
        var isNew = false
        if let known = byString[id] {
            slot = known
        } else {
            slot = Int32(byString.count)
            byString[id] = slot
            isNew = true
        }
        bytes.withUTF8 { b in _ = byBytes.value(for: b) { _ in slot } }
        return (Int(slot), isNew)
    }
}
