/// Keys with a time, taken out in increasing order: the reorder buffer's queue.
///
/// A fleet log's lines arrive up to minutes out of order, so most keys waited in a binary
/// heap, whose sifting was the largest cost of ordering (measured). Here keys go into
/// buckets of one second in a ring of ``ringSeconds``: a push is an append, and a bucket is
/// sorted once, when its turn comes. The keys no bucket of the ring covers (earlier than its
/// start, which only happens before anything was taken, or too far ahead), and those pushed
/// into a long bucket already being taken from, wait in a heap; the next key out is the
/// smaller of the two fronts.
///
/// `pop(upTo:)` moves the ring's start over empty seconds, never past the second of its
/// limit, so every key the caller may still push (at or after what it took) finds its bucket.
struct SecondBuckets<Key: TimedKey> {
    static var ringSeconds: Int { 1024 }
    private var ring = [[Key]](repeating: [], count: SecondBuckets.ringSeconds)
    /// The second of the ring's first bucket, nil until the first key.
    private var start: Int64?
    /// Keys already taken from the first bucket.
    private var taken = 0
    /// Whether the first bucket is in order (it is sorted when its front is first asked for).
    private var startSorted = false
    private var outside = BinaryHeap<Key>()
    private var inRing = 0
    var count: Int { inRing + outside.count }

    private static func slot(_ second: Int64) -> Int {
        Int(truncatingIfNeeded: second & Int64(ringSeconds - 1))
    }

    mutating func insert(_ key: Key) {
        let s = second(of: key.time)
        guard let start else {
            self.start = s
            ring[SecondBuckets.slot(s)].append(key)
            inRing += 1
            return
        }
        guard s >= start, s - start < Int64(SecondBuckets.ringSeconds) else {
            outside.insert(key)
            return
        }
        let i = SecondBuckets.slot(s)
        if s == start && startSorted && ring[i].count - taken > SecondBuckets.insertionLimit {
            // Into a long bucket being taken from: a place found in it would move what is
            // after it, for every such key (quadratic in a burst); the heap takes it instead,
            // and the next key out is the smaller of the two fronts all the same.
            outside.insert(key)
            return
        }
        if s == start && startSorted {
            // Into the bucket being taken from: in order, after what was taken.
            let at = ring[i].withUnsafeBufferPointer { b in
                var lo = taken, hi = b.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if b[mid] < key { lo = mid + 1 } else { hi = mid }
                }
                return lo
            }
            ring[i].insert(key, at: at)
        } else {
            ring[i].append(key)
        }
        inRing += 1
    }

    /// Takes out the smallest key, if it is at or before `limit` (any key when nil).
    mutating func pop(upTo limit: Timestamp?) -> Key? {
        let fromOutside: Bool
        switch (ringFront(upTo: limit), outside.min) {
        case (nil, nil): return nil
        case (let r?, let h?): fromOutside = h < r
        case (nil, .some): fromOutside = true
        case (.some, nil): fromOutside = false
        }
        let key = fromOutside ? outside.min! : ring[SecondBuckets.slot(start!)][taken]
        if let limit, key.time > limit { return nil }
        if fromOutside {
            _ = outside.removeMin()
        } else {
            let i = SecondBuckets.slot(start!)
            taken += 1
            inRing -= 1
            if taken == ring[i].count {
                ring[i].removeAll(keepingCapacity: true)
                taken = 0
                startSorted = false
            }
        }
        return key
    }

    /// The keys one of which comes out next, as far as known without sorting (for prefetching).
    var nextCandidates: (Key?, Key?) {
        var inRing: Key?
        if let start, startSorted {
            let i = SecondBuckets.slot(start)
            if taken < ring[i].count { inRing = ring[i][taken] }
        }
        return (inRing, outside.min)
    }

    /// The next key of the ring, looking no further than the second of `limit`.
    private mutating func ringFront(upTo limit: Timestamp?) -> Key? {
        guard var s = start else { return nil }
        guard inRing > 0 else {
            // Nothing in the ring: it may start at the limit's second at once (after a gap in
            // the log, later keys then find their buckets rather than the heap).
            if let limit, second(of: limit) > s {
                start = second(of: limit)
                taken = 0
                startSorted = false
            }
            return nil
        }
        let last = limit.map { second(of: $0) } ?? (s + Int64(SecondBuckets.ringSeconds) - 1)
        while true {
            let i = SecondBuckets.slot(s)
            if taken < ring[i].count {
                if !startSorted {
                    SecondBuckets.sortBucket(&ring[i])
                    startSorted = true
                }
                return ring[i][taken]
            }
            // An empty first bucket: move on, up to the limit's second.
            guard s < last else { return nil }
            s += 1
            start = s
            taken = 0
            startSorted = false
        }
    }
}

extension SecondBuckets {
    static var insertionLimit: Int { 64 }

    /// Sorts a bucket by insertion, each key out of place held while the keys above it move
    /// up one place each, then written once. A fleet log's second holds dozens of lines in
    /// no order (their milliseconds differ); the standard library's sort swaps a key down one
    /// place at a time, twice the memory traffic (measured: 250 instructions a line). Not a
    /// binary search: its branches cannot be predicted, and the moves it saves are cheap.
    /// Insertion is quadratic in the worst case, so a bucket of more than ``insertionLimit``
    /// keys (a burst of thousands of lines in one second) goes to the standard sort. The
    /// merger's keys are unique (each has its own sequence); the insertion keeps equal keys in
    /// their order all the same.
    static func sortBucket(_ keys: inout [Key]) {
        guard keys.count <= insertionLimit else {
            keys.sort()
            return
        }
        keys.withUnsafeMutableBufferPointer { b in
            guard b.count > 1, let base = b.baseAddress else { return }
            for i in 1..<b.count where b[i] < b[i - 1] {
                let key = (base + i).move()
                var j = i - 1
                repeat {
                    (base + j + 1).initialize(to: (base + j).move())
                    j -= 1
                } while j >= 0 && key < base[j]
                (base + j + 1).initialize(to: key)
            }
        }
    }
}

/// The second a time falls in (rounded down, negative times too).
private func second(of time: Timestamp) -> Int64 {
    let ms = time.millisecondsSinceEpoch
    return ms >= 0 ? ms / 1000 : (ms + 1) / 1000 - 1
}

/// A key ordered by its time first.
protocol TimedKey: Comparable {
    var time: Timestamp { get }
}
