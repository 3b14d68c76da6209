import HeapModule

/// Puts events from one or more inputs into time order within a bounded reorder window.
///
/// Events wait in a heap until no input can still produce an earlier one: each input's
/// frontier is the latest time it has shown, an input is assumed to be in order within
/// the window, so everything up to (the lowest frontier − window) is safe to release.
/// An event older than what was already released is late: it is handed back at once.
struct EventMerger {
    struct Pending: Comparable {
        var event: Event
        var input: Int
        var line: Int
        var sequence: Int

        static func == (a: Pending, b: Pending) -> Bool { a.sequence == b.sequence }
        static func < (a: Pending, b: Pending) -> Bool {
            (a.event.timestamp, a.input, a.line, a.sequence) < (b.event.timestamp, b.input, b.line, b.sequence)
        }
    }

    let window: TimeSpan
    private var heap = Heap<Pending>()
    private var sequence = 0
    private(set) var lastReleased: Timestamp?

    init(window: TimeSpan) { self.window = window }

    var count: Int { heap.count }

    /// Queues an event; returns it back if it is late (older than what was already released).
    mutating func push(_ event: Event, input: Int) -> Event? {
        if let last = lastReleased, event.timestamp < last { return event }
        heap.insert(Pending(event: event, input: input, line: event.source.line, sequence: sequence))
        sequence += 1
        return nil
    }

    /// Releases, in order, every event at or before `threshold` (all of them when nil).
    mutating func release(upTo threshold: Timestamp?, _ body: (Event) -> Void) {
        while let top = heap.min {
            if let threshold, top.event.timestamp > threshold { return }
            let next = heap.removeMin()
            lastReleased = next.event.timestamp
            body(next.event)
        }
    }
}
