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

    var count: Int { byString.count }

    /// The id's slot, and whether it was given just now (slots are 0, 1, 2, … in order of first sight).
    mutating func slot(of id: String) -> (slot: Int, isNew: Bool) {
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
