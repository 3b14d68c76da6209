/// A binary min-heap in an array: the reorder buffer's keys that its ring of second
/// buckets does not cover (see ``SecondBuckets``).
///
/// swift-collections' `Heap` is a min-max heap (both ends), whose extra comparisons per level
/// made its sift-down the largest single cost of ordering when every key went through a heap
/// (measured). Only the minimum is ever taken here.
struct BinaryHeap<Element: Comparable> {
    private var items: [Element] = []

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var min: Element? { items.first }

    mutating func insert(_ element: Element) {
        items.append(element)
        items.withUnsafeMutableBufferPointer { BinaryHeap.siftUp(element, from: $0.count - 1, in: $0) }
    }

    /// Puts `moving` at `i` or above it, moving larger parents down.
    @inline(__always)
    private static func siftUp(_ moving: Element, from i: Int, in h: UnsafeMutableBufferPointer<Element>) {
        var i = i
        while i > 0 {
            let parent = (i - 1) / 2
            guard moving < h[parent] else { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = moving
    }

    /// Takes the minimum out. The hole it leaves goes down to a leaf along the smaller children
    /// (one comparison per level), and the last element goes into it and up as far as needed:
    /// it came from the bottom, so it rarely climbs (Floyd's variant, about half the comparisons).
    mutating func removeMin() -> Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        items.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var i = 0
            while true {
                var child = 2 * i + 1
                guard child < n else { break }
                if child + 1 < n, h[child + 1] < h[child] { child += 1 }
                h[i] = h[child]
                i = child
            }
            BinaryHeap.siftUp(last, from: i, in: h)
        }
        return top
    }
}
