import DequeModule

/// A charge point's stored events, kept in tiers by how long some clause can still look at them.
///
/// An event is stored only if a count or sequence pattern matches it, and it stays only as
/// long as the longest window of the patterns it matched: a "silence" rule that counts every
/// frame over 40 minutes does not keep frames for the day a 24-hour rule looks back over.
/// Each tier is a time-ordered deque with one window, so trimming is popping fronts.
struct HistoryStore {
    private(set) var tiers: [Deque<StoredEvent>]
    /// Events in all tiers (kept, not summed: the cap is checked for every event).
    private(set) var count = 0
    /// The earliest time at which a stored event leaves its tier (nil: none stored). Trimming
    /// earlier has nothing to do, and returns without touching the tiers (checked every event).
    private var nextExpiry: Timestamp?

    init(tierCount: Int) {
        tiers = Array(repeating: [], count: max(1, tierCount))
    }

    /// Adds an event to `tier`, whose window is `window`, keeping the tier in time order (a late
    /// event is inserted).
    mutating func insert(_ stored: StoredEvent, tier: Int, window: TimeSpan) {
        let expiry = stored.timestamp + window
        if nextExpiry == nil || expiry < nextExpiry! { nextExpiry = expiry }
        if let last = tiers[tier].last, last.timestamp > stored.timestamp {
            let at = tiers[tier].firstIndex { $0.timestamp > stored.timestamp } ?? tiers[tier].endIndex
            tiers[tier].insert(stored, at: at)
        } else {
            tiers[tier].append(stored)
        }
        count += 1
    }

    /// The latest time among the charge point's events so far (see ``trim(seen:windows:)``).
    private(set) var latest: Timestamp?

    /// Drops what no clause can look at any more, once the charge point has shown an event at
    /// `time`: events older than the window of their tier before the latest time it has shown.
    /// By the charge point's own events only: trimming by the stream's latest time made what a
    /// late event still finds depend on what else a shard of the fleet holds.
    mutating func trim(seen time: Timestamp, windows: [TimeSpan]) {
        if latest == nil || time > latest! { latest = time }
        let now = latest!
        guard let expiry = nextExpiry, expiry < now else { return }
        nextExpiry = nil
        for t in tiers.indices {
            let horizon = now - windows[t]
            while let first = tiers[t].first, first.timestamp < horizon {
                tiers[t].removeFirst()
                count -= 1
            }
            if let first = tiers[t].first {
                let e = first.timestamp + windows[t]
                if nextExpiry == nil || e < nextExpiry! { nextExpiry = e }
            }
        }
    }

    /// Drops the oldest stored event of any tier (the per-charge-point cap).
    mutating func evictOldest() {
        var oldest: Int?
        for t in tiers.indices {
            guard let first = tiers[t].first else { continue }
            if let o = oldest, tiers[o].first!.timestamp <= first.timestamp { continue }
            oldest = t
        }
        if let oldest {
            tiers[oldest].removeFirst()
            count -= 1
        }
    }
}
