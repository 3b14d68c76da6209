import Testing

@testable import OCPPDiagnostics

/// How charge points are numbered for per-charge-point records: the same id always gets the
/// same number, whatever its spelling in memory, and the engine never takes another charge
/// point's state for an event's.
@Suite struct ChargePointSlotTests {
    @Test func everyIdKeepsTheNumberItGotFirst() {
        var slots = ChargePointSlots()
        // Far more ids than the table in front of the dictionary holds, short and long
        // (a long id's string lives apart from it), so that entries are displaced.
        let ids = (0..<20_000).map { $0 % 3 == 0 ? "charge-point-with-a-long-name-\($0)" : "CP-\($0)" }
        for (i, id) in ids.enumerated() {
            let got = slots.slot(of: id)
            #expect(got.slot == i && got.isNew, "\(id)")
        }
        var rng = SplitMix(state: 7)
        for _ in 0..<50_000 {
            let i = Int(rng.next() % UInt64(ids.count))
            // A copy with storage of its own half the time: equal text, other words.
            let id = rng.next() % 2 == 0 ? ids[i] : String(decoding: Array(ids[i].utf8), as: UTF8.self)
            let got = slots.slot(of: id)
            #expect(got.slot == i && !got.isNew, "\(id)")
        }
        #expect(slots.count == ids.count)
    }

    @Test func aWrongChargePointNumberOnAnEventIsNotTrusted() throws {
        // The correlator's number for an event's charge point is a hint the engine checks:
        // events carrying wrong numbers give exactly the diagnoses of events carrying none.
        let pack = try loadPack(ExplainTests.rules)
        for seed in [1, 5, 9] as [UInt64] {
            let events = ExplainTests.stream(seed: seed, count: 400)
            let expected = evaluated(events, pack: pack)

            let hinted = Evaluator(pack: pack)
            var got: [Diagnosis] = []
            var rng = SplitMix(state: seed)
            for var e in events {
                e.chargePointSlot = Int32(rng.next() % 4) - 1  // -1 (none), 0, 1 (either charge point's) or 2 (no one's)
                got += hinted.process(e)
            }
            got += hinted.finish()
            #expect(got.map(ExplainTests.key) == expected.map(ExplainTests.key), "seed \(seed)")
            #expect(expected.count > 20)
        }
    }
}
