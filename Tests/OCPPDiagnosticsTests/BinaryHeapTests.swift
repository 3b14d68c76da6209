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
