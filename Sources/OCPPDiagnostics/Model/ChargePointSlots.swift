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
    /// among all the events of a charge point. Equal words are the same text, and an entry keeps
    /// its string alive, so its storage cannot be reused for another id while it is here.
    private var byWords = [Recent](repeating: Recent(), count: ChargePointSlots.recentCount)
    private struct Recent {
        var id = ""
        var slot: Int32 = -1
    }
    private static let recentCount = 4096

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
        let i = Int(truncatingIfNeeded: ((w.0 &* 0x9E37_79B9_7F4A_7C15) ^ (w.1 &* 0xC2B2_AE3D_27D4_EB4F)) >> 52)
        let recent = byWords[i]
        if recent.slot >= 0, ChargePointSlots.words(recent.id) == w { return (Int(recent.slot), false) }
        let found = slotByText(id)
        byWords[i] = Recent(id: id, slot: Int32(found.slot))
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
