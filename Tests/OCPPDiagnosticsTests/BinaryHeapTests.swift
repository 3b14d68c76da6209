import Testing

@testable import OCPPDiagnostics

/// The reorder buffer's heap must hand back the minimum every time, with repeats and interleaved use.
@Suite struct BinaryHeapTests {
    @Test func takesOutInOrderWhateverTheMix() {
        var rng = SplitMix(state: 9)
        var heap = BinaryHeap<Int>()
        var reference: [Int] = []
        for _ in 0..<20_000 {
            if rng.next() % 3 != 0 || reference.isEmpty {
                let v = Int(rng.next() % 500)
                heap.insert(v)
                reference.append(v)
            } else {
                let smallest = reference.min()!
                reference.remove(at: reference.firstIndex(of: smallest)!)
                #expect(heap.removeMin() == smallest)
            }
            #expect(heap.count == reference.count && heap.min == reference.min())
        }
        var drained: [Int] = []
        while let v = heap.removeMin() { drained.append(v) }
        #expect(drained == reference.sorted() && heap.isEmpty)
    }
}

/// The reorder buffer's second buckets must give keys in order exactly as a sorted list would,
/// under the merger's contract: a key pushed is never earlier than a limit already asked for.
@Suite struct SecondBucketsTests {
    struct Key: TimedKey {
        var time: Timestamp
        var id: Int
        static func < (a: Key, b: Key) -> Bool { (a.time, a.id) < (b.time, b.id) }
    }

    /// Runs a random mix of pushes and takes with rising limits; `spread` is how far ahead of
    /// the limit keys may land (ms), `jumps` how often the log skips hours ahead.
    func check(seed: UInt64, spread: UInt64, jumps: Bool, start: Int64) {
        var rng = SplitMix(state: seed)
        var buckets = SecondBuckets<Key>()
        var reference: [Key] = []
        var limit = start
        var id = 0
        func add(_ key: Key) {
            buckets.insert(key)
            var lo = 0, hi = reference.count
            while lo < hi { let mid = (lo + hi) / 2; if reference[mid] < key { lo = mid + 1 } else { hi = mid } }
            reference.insert(key, at: lo)
        }
        for _ in 0..<6_000 {
            switch rng.next() % 10 {
            case 0..<5:
                add(Key(time: Timestamp(millisecondsSinceEpoch: limit + Int64(rng.next() % spread)), id: id))
                id += 1
            case 5..<9:
                limit += Int64(rng.next() % 700)
                if jumps && rng.next() % 500 == 0 { limit += 3 * 3_600_000 }
                let asked = rng.next() % 8 == 0 ? nil : Timestamp(millisecondsSinceEpoch: limit)
                let expected = reference.first.flatMap { k in asked.map { k.time <= $0 } ?? true ? k : nil }
                let got = buckets.pop(upTo: asked)
                #expect(got == expected, "seed \(seed)")
                if expected != nil { reference.removeFirst() }
                if asked == nil, let got { limit = max(limit, got.time.millisecondsSinceEpoch) }
            default:
                // The far future, or (before anything is taken) the past: both wait outside the ring.
                let ahead = Int64(rng.next() % 4) * 1_500_000
                add(Key(time: Timestamp(millisecondsSinceEpoch: limit + ahead), id: id))
                id += 1
            }
            #expect(buckets.count == reference.count)
        }
        var drained: [Key] = []
        while let k = buckets.pop(upTo: nil) { drained.append(k) }
        #expect(drained == reference, "seed \(seed)")
    }

    @Test func givesKeysInOrderAsASortedListWould() {
        for seed in 1...6 as ClosedRange<UInt64> {
            check(seed: seed, spread: 300_000, jumps: false, start: 1_772_323_200_000)
            check(seed: seed, spread: 2_000, jumps: true, start: 1_772_323_200_000)
            check(seed: seed, spread: 90_000, jumps: true, start: -5_000)  // negative times round down
        }
    }

    @Test func keysEarlierThanTheFirstWaitOutsideTheRing() {
        var buckets = SecondBuckets<Key>()
        let times: [Int64] = [10_000_000, 500, 10_000_999, 9_999_999, -1, 10_001_000]
        for (i, t) in times.enumerated() { buckets.insert(Key(time: Timestamp(millisecondsSinceEpoch: t), id: i)) }
        var out: [Int64] = []
        while let k = buckets.pop(upTo: nil) { out.append(k.time.millisecondsSinceEpoch) }
        #expect(out == times.sorted())
    }
}
