import DequeModule

/// Puts events from one or more inputs into time order within a bounded reorder window.
///
/// Events wait in a heap until no input can still produce an earlier one: each input's
/// frontier is the latest time it has shown, an input is assumed to be in order within
/// the window, so everything up to (the lowest frontier − window) is safe to release.
/// An event older than the watermark (what was already released) is late: it is handed back at once.
///
/// Keys that come in order (most of them, in a log written as messages arrive) wait in a
/// plain queue, the others in a heap; the next event out is the smaller of the two fronts.
/// Both hold small keys; the events themselves wait in a slot table, so sifting moves a few
/// words rather than whole events (measured: moving events made the heap the top cost of a
/// batch run). It is a class used by one reading thread: the reader's loop calls it
/// for every event, and as a captured local struct each call paid a dynamic exclusivity check.
final class EventMerger {
    struct Key: Comparable {
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

        static func == (a: Key, b: Key) -> Bool {
            a.timestamp == b.timestamp && a.place == b.place && a.sequence == b.sequence
        }
    }

    @exclusivity(unchecked) private var heap = BinaryHeap<Key>()
    /// Keys in increasing order, each pushed after the one before it.
    @exclusivity(unchecked) private var run = Deque<Key>()
    @exclusivity(unchecked) private var slots: [Event?] = []
    @exclusivity(unchecked) private var freeSlots: [Int32] = []
    @exclusivity(unchecked) private var sequence = 0
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
        if let last = run.last, key < last { heap.insert(key) } else { run.append(key) }
        sequence += 1
        return nil
    }

    /// The next event, in order, at or before `threshold` (any event when nil); nil when none
    /// is ready. Called until it gives nil, it releases every event up to `threshold`. Each
    /// event is handed over, not lent, so whoever takes it can change it in place; and no
    /// access to the merger stays open while the caller works on it.
    func release(upTo threshold: Timestamp?) -> Event? {
        if let threshold, watermark == nil || threshold > watermark! { watermark = threshold }
        let fromRun: Bool
        switch (run.first, heap.min) {
        case (nil, nil): return nil
        case (let r?, let h?): fromRun = r < h
        case (.some, nil): fromRun = true
        case (nil, .some): fromRun = false
        }
        let top = fromRun ? run.first! : heap.min!
        if let threshold, top.timestamp > threshold { return nil }
        if fromRun { run.removeFirst() } else { _ = heap.removeMin() }
        // The next event out is one of the two fronts: have both on their way to the cache
        // while the caller works on this one (an event that waited minutes is out of it).
        if let next = run.first { slots[Int(next.slot)]?.prefetch() }
        if let next = heap.min { slots[Int(next.slot)]?.prefetch() }
        let event = slots[Int(top.slot)].take()!
        freeSlots.append(top.slot)
        return event
    }
}
