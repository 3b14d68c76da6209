import HeapModule

/// Puts events from one or more inputs into time order within a bounded reorder window.
///
/// Events wait in a heap until no input can still produce an earlier one: each input's
/// frontier is the latest time it has shown, an input is assumed to be in order within
/// the window, so everything up to (the lowest frontier − window) is safe to release.
/// An event older than the watermark (what was already released) is late: it is handed back at once.
///
/// The heap holds small keys; the events themselves wait in a slot table, so sifting moves
/// a few words rather than whole events (measured: moving events made the heap the top
/// cost of a batch run).
struct EventMerger {
    struct Key: Comparable {
        var timestamp: Timestamp
        var input: Int32
        var line: Int32
        var sequence: Int
        var slot: Int32

        static func < (a: Key, b: Key) -> Bool {
            (a.timestamp, a.input, a.line, a.sequence) < (b.timestamp, b.input, b.line, b.sequence)
        }
    }

    private var heap = Heap<Key>()
    private var slots: [Event?] = []
    private var freeSlots: [Int32] = []
    private var sequence = 0
    /// Everything up to here has been released: an event older than this is late. It depends
    /// only on the inputs' clocks, so every shard of a run draws the line at the same place.
    private(set) var watermark: Timestamp?

    init() {}

    /// Queues an event; returns it back if it is late (older than what was already released).
    mutating func push(_ event: Event, input: Int) -> Event? {
        if let mark = watermark, event.timestamp < mark { return event }
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            slots[Int(free)] = event
        } else {
            slot = Int32(slots.count)
            slots.append(event)
        }
        heap.insert(Key(timestamp: event.timestamp, input: Int32(input), line: Int32(clamping: event.source.line),
                        sequence: sequence, slot: slot))
        sequence += 1
        return nil
    }

    /// Releases, in order, every event at or before `threshold` (all of them when nil).
    /// Each event is handed over, not lent, so whoever takes it can change it in place.
    mutating func release(upTo threshold: Timestamp?, _ body: (consuming Event) -> Void) {
        if let threshold, watermark == nil || threshold > watermark! { watermark = threshold }
        while let top = heap.min {
            if let threshold, top.timestamp > threshold { return }
            _ = heap.removeMin()
            let event = slots[Int(top.slot)].take()!
            freeSlots.append(top.slot)
            body(event)
        }
    }
}
