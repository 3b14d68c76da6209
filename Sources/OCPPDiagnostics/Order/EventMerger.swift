/// Puts events from one or more inputs into time order within a bounded reorder window.
///
/// Events wait until no input can still produce an earlier one: each input's
/// frontier is the latest time it has shown, an input is assumed to be in order within
/// the window, so everything up to (the lowest frontier − window) is safe to release.
/// An event older than the watermark (what was already released) is late: it is handed back at once.
///
/// Keys wait in buckets of a second (``SecondBuckets``): the events themselves wait in a slot
/// table, so ordering moves a few words rather than whole events (measured: moving events
/// made ordering the top cost of a batch run). It is a class used by one reading thread: the
/// reader's loop calls it for every event, and as a captured local struct each call paid a
/// dynamic exclusivity check.
final class EventMerger {
    struct Key: TimedKey {
        var timestamp: Timestamp
        /// The input's index in the high half, the line in the low half: one comparison for both.
        var place: UInt64
        var sequence: Int
        var slot: Int32

        init(timestamp: Timestamp, input: Int32, line: Int32, sequence: Int, slot: Int32) {
            self.timestamp = timestamp
            place = UInt64(UInt32(bitPattern: input)) << 32 | UInt64(UInt32(bitPattern: line))
            self.sequence = sequence
            self.slot = slot
        }

        static func < (a: Key, b: Key) -> Bool {
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            if a.place != b.place { return a.place < b.place }
            return a.sequence < b.sequence
        }

        var time: Timestamp { timestamp }

        static func == (a: Key, b: Key) -> Bool {
            a.timestamp == b.timestamp && a.place == b.place && a.sequence == b.sequence
        }
    }

    @exclusivity(unchecked) private var keys = SecondBuckets<Key>()
    @exclusivity(unchecked) private var slots: [Event?] = []
    @exclusivity(unchecked) private var freeSlots: [Int32] = []
    /// Events pushed so far (each one's key carries its number).
    @exclusivity(unchecked) private(set) var sequence = 0
    /// Everything up to here has been released: an event older than this is late. It depends
    /// only on the inputs' clocks, so every shard of a run draws the line at the same place.
    @exclusivity(unchecked) private(set) var watermark: Timestamp?

    init() {}

    /// Queues an event; returns it back if it is late (older than what was already released).
    func push(_ event: Event, input: Int) -> Event? {
        if let mark = watermark, event.timestamp < mark { return event }
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(free)] = event
        } else {
            slot = Int32(slots.count)
            slots.append(event)
        }
        let key = Key(timestamp: event.timestamp, input: Int32(input), line: Int32(clamping: event.source.line),
                      sequence: sequence, slot: slot)
        keys.insert(key)
        sequence += 1
        return nil
    }

    /// The next event, in order, at or before `threshold` (any event when nil); nil when none
    /// is ready. Called until it gives nil, it releases every event up to `threshold`. Each
    /// event is handed over, not lent, so whoever takes it can change it in place; and no
    /// access to the merger stays open while the caller works on it.
    func release(upTo threshold: Timestamp?) -> Event? {
        if let threshold, watermark == nil || threshold > watermark! { watermark = threshold }
        guard let top = keys.pop(upTo: threshold) else { return nil }
        // The next event out is one of these: have them on their way to the cache while the
        // caller works on this one (an event that waited minutes is out of it).
        let (a, b) = keys.nextCandidates
        if let a { slots[Int(a.slot)]?.prefetch() }
        if let b { slots[Int(b.slot)]?.prefetch() }
        let event = slots[Int(top.slot)].take()!
        freeSlots.append(top.slot)
        return event
    }
}
