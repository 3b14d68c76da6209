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

    @Test func keysPushedIntoTheBucketBeingTakenFromComeOutInOrder() {
        // A burst in one second: once its bucket is sorted and being taken from, later keys
        // of that second go into it (short) or beside it (long); either way out in order.
        for size in [10, 200] {
            var rng = SplitMix(state: UInt64(size))
            var buckets = SecondBuckets<Key>()
            var reference: [Key] = []
            let second: Int64 = 1_772_323_200_000
            var id = 0
            func add(_ ms: Int64) {
                let key = Key(time: Timestamp(millisecondsSinceEpoch: second + ms), id: id)
                id += 1
                buckets.insert(key)
                reference.append(key)
            }
            for _ in 0..<size { add(Int64(rng.next() % 1000)) }
            reference.sort()
            var taken: [Key] = []
            let limit = Timestamp(millisecondsSinceEpoch: second + 300)
            while let k = buckets.pop(upTo: limit) { taken.append(k) }
            #expect(taken == reference.filter { $0.time <= limit })
            for _ in 0..<size { add(300 + Int64(rng.next() % 700)) }
            while let k = buckets.pop(upTo: nil) { taken.append(k) }
            #expect(taken == reference.sorted(), "size \(size)")
            #expect(buckets.count == 0)
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

/// A bucket's sort alone: every order of small buckets (with equal keys too), large buckets
/// that go to the standard sort, and keys that own references (a move must neither leak nor
/// release twice).
@Suite struct SortBucketTests {
    final class Counter { var live = 0 }
    final class Token {
        let counter: Counter
        init(_ counter: Counter) { self.counter = counter; counter.live += 1 }
        deinit { counter.live -= 1 }
    }
    struct Key: TimedKey {
        var time: Timestamp
        var id: Int
        var label: String
        var token: Token
        init(_ ms: Int64, _ id: Int, _ counter: Counter) {
            time = Timestamp(millisecondsSinceEpoch: ms)
            self.id = id
            label = "key \(id), a label long enough to be stored apart from the key"
            token = Token(counter)
        }
        // Equal times are equal keys: their order after sorting is the insertion's own.
        static func < (a: Key, b: Key) -> Bool { a.time < b.time }
        static func == (a: Key, b: Key) -> Bool { a.time == b.time }
    }

    func check(_ times: [Int64]) {
        let counter = Counter()
        do {
            var keys = times.enumerated().map { Key($0.element, $0.offset, counter) }
            SecondBuckets<Key>.sortBucket(&keys)
            let expected = times.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
            #expect(keys.map(\.time.millisecondsSinceEpoch) == expected.map(\.element), "\(times)")
            if times.count <= SecondBuckets<Key>.insertionLimit {
                #expect(keys.map(\.id) == expected.map(\.offset), "equal keys keep their order: \(times)")
            }
            #expect(keys.allSatisfy { $0.label.hasPrefix("key \($0.id),") })
        }
        #expect(counter.live == 0, "a key leaked or was released twice: \(times)")
    }

    func permutations(_ a: [Int64]) -> [[Int64]] {
        a.count <= 1 ? [a] : a.indices.flatMap { i -> [[Int64]] in
            var rest = a
            let first = rest.remove(at: i)
            return permutations(rest).map { [first] + $0 }
        }
    }

    @Test func sortsEveryOrderAndReleasesEveryKey() {
        for n in 0...7 {
            for p in permutations((0..<Int64(n)).map { $0 }) { check(p) }
            for p in permutations((0..<Int64(n)).map { $0 / 2 }) { check(p) }
        }
        let limit = SecondBuckets<Key>.insertionLimit
        check(Array(repeating: 5, count: limit))
        check((0..<Int64(limit)).reversed().map { $0 })
        check((0..<Int64(limit)).map { ($0 * 37) % Int64(limit) / 3 })
        // Past the limit, the standard sort (a burst of lines in one second must not be quadratic).
        check(Array(repeating: 5, count: 300))
        check((0..<1_000).reversed().map { Int64($0) })
        check((0..<1_000).map { Int64(($0 * 7919) % 1_000) / 3 })
    }
}
