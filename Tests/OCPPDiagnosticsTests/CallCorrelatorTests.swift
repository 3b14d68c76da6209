import Testing

@testable import OCPPDiagnostics

@Suite struct CallCorrelatorTests {
    static let start = Timestamp.parse("2026-03-01T08:00:00Z")!

    static func event(_ ms: Int64, _ chargePoint: String, _ id: String, call: Bool) -> Event {
        Event(timestamp: Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + ms), chargePointId: chargePoint,
              type: call ? "Reset" : FrameDecoder.pendingType, messageType: call ? .call : .result, direction: call ? .out : .in,
              uniqueId: id, source: SourceRef(file: "f", line: 1))
    }

    @Test func callsOfSilentChargePointsGiveWayOldestFirstPastCapacity() {
        // More charge points than the capacity send one call each and fall silent; 20 minutes
        // later others call and are answered. The silent ones' calls are the oldest: they are
        // forgotten to make room, and every later answer still finds its call.
        var correlator = CallCorrelator()
        let silent = CallCorrelator.capacity + 50
        for i in 0..<silent {
            var e = Self.event(Int64(i), "S-\(i)", "1", call: true)
            correlator.correlate(&e)
        }
        var paired = 0
        for k in 0..<1_000 {
            let t = Int64(1_200_000 + k * 1_000)
            var call = Self.event(t, "LIVE-\(k % 10)", "c\(k)", call: true)
            correlator.correlate(&call)
            var answer = Self.event(t + 200, "LIVE-\(k % 10)", "c\(k)", call: false)
            correlator.correlate(&answer)
            if answer.type == "Reset" { paired += 1 }
        }
        #expect(paired == 1_000)
        #expect(correlator.uncorrelated == 0)
    }

    @Test func anyEventOfTheChargePointMovesItsClock() {
        // A call, then an event of the same charge point 15 minutes later that is neither a
        // call nor an answer (a flat record has no unique id), then a late answer 5 minutes
        // after the call: the call was forgotten by its charge point's clock.
        var correlator = CallCorrelator()
        var call = Self.event(0, "A", "1", call: true)
        correlator.correlate(&call)
        var record = Event(timestamp: Timestamp(millisecondsSinceEpoch: Self.start.millisecondsSinceEpoch + 900_000),
                           chargePointId: "A", connectorId: 1, type: "StatusNotification", status: "Available",
                           source: SourceRef(file: "f", line: 2))
        correlator.correlate(&record)
        var answer = Self.event(300_000, "A", "1", call: false)
        correlator.correlate(&answer)
        #expect(answer.type == "Unknown")
        #expect(correlator.uncorrelated == 1)
    }
}
