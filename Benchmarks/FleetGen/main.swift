// fleet-gen: writes a deterministic, realistic OCPP 1.6J fleet log (wrapped frames, one per line)
// for benchmarks. The same arguments always give the same bytes.
//
//   fleet-gen --lines 1000000 [--charge-points 2000] [--seed 1] > fleet.jsonl
//
// Traffic per charge point: boot with its answer, heartbeats every 5 minutes, charging sessions
// (Authorize, StartTransaction, status changes, MeterValues every minute with five sampled values,
// StopTransaction) with the central system's answers, and now and then a fault, a reset or a reboot.
// MeterValues and CALLRESULTs dominate, as in real logs.

import OCPPDiagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
}

var lines = 1_000_000
var chargePointCount = 2000
var seed: UInt64 = 1
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--lines": lines = Int(args.popFirst() ?? "") ?? lines
    case "--charge-points": chargePointCount = Int(args.popFirst() ?? "") ?? chargePointCount
    case "--seed": seed = UInt64(args.popFirst() ?? "") ?? seed
    default:
        let usage = "usage: fleet-gen [--lines N] [--charge-points K] [--seed S]\n"
        _ = usage.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
}

var rng = SplitMix64(state: seed)
var out: [UInt8] = []
out.reserveCapacity(1 << 20)
var written = 0

@MainActor
func flush() {
    out.withUnsafeBufferPointer { p in
        var off = 0
        while off < p.count {
            let n = write(1, p.baseAddress! + off, p.count - off)
            if n <= 0 { exit(0) }
            off += n
        }
    }
    out.removeAll(keepingCapacity: true)
}

let epoch: Int64 = 1_772_323_200_000  // 2026-03-01T00:00:00Z

func iso(_ ms: Int64) -> String { Timestamp(millisecondsSinceEpoch: ms).iso8601 }

@MainActor
func emit(_ time: Int64, _ cp: String, _ dir: String, _ frame: String) {
    guard written < lines else { return }
    out.append(contentsOf: "{\"timestamp\":\"\(iso(time))\",\"chargePointId\":\"\(cp)\",\"direction\":\"\(dir)\",\"message\":\(frame)}\n".utf8)
    written += 1
    if out.count > 1 << 20 { flush() }
}

/// One scheduled message of a charge point's script.
struct Pending: Comparable {
    var time: Int64
    var cp: Int
    var order: Int
    static func < (a: Pending, b: Pending) -> Bool { (a.time, a.cp, a.order) < (b.time, b.cp, b.order) }
}

final class ChargePoint {
    let id: String
    var nextId = 1
    var transaction = 1000
    var meter = [Int](repeating: 0, count: 3)
    // Per connector: remaining minutes of charging (0 = idle).
    var charging = [Int](repeating: 0, count: 3)
    var nextHeartbeat: Int64
    init(id: String, start: Int64) { self.id = id; nextHeartbeat = start }
    func uid() -> String { nextId += 1; return "\(nextId)" }
}

let chargePoints = (0..<chargePointCount).map { i in
    ChargePoint(id: "CP-\(String(repeating: "0", count: max(0, 5 - String(i).count)))\(i)", start: epoch + Int64(i % 300) * 1000)
}

@MainActor
func call(_ t: Int64, _ cp: ChargePoint, _ action: String, _ payload: String, answer: String, late: Int64 = 150) {
    let id = cp.uid()
    emit(t, cp.id, "in", "[2,\"\(id)\",\"\(action)\",\(payload)]")
    emit(t + late, cp.id, "out", "[3,\"\(id)\",\(answer)]")
}

@MainActor
func status(_ t: Int64, _ cp: ChargePoint, _ connector: Int, _ status: String, _ code: String = "NoError") {
    call(t, cp, "StatusNotification", "{\"connectorId\":\(connector),\"errorCode\":\"\(code)\",\"status\":\"\(status)\",\"timestamp\":\"\(iso(t - 20))\"}", answer: "{}", late: 40)
}

// Boot everyone, then run minute by minute until the line budget is spent.
for cp in chargePoints {
    let t = cp.nextHeartbeat
    call(t, cp, "BootNotification", "{\"chargePointVendor\":\"Acme\",\"chargePointModel\":\"AC22\",\"firmwareVersion\":\"2.4.1\"}",
         answer: "{\"status\":\"Accepted\",\"currentTime\":\"\(iso(t))\",\"interval\":300}")
    for c in 0...2 { status(t + 200, cp, c, "Available") }
}
var minute: Int64 = 6  // after every charger has booted (boots are spread over the first 5 minutes)
while written < lines {
    let base = epoch + minute * 60_000
    for (index, cp) in chargePoints.enumerated() where written < lines {
        let t = base + Int64(index % 50) * 1000 + Int64(rng.below(900))
        if t >= cp.nextHeartbeat {
            call(t, cp, "Heartbeat", "{}", answer: "{\"currentTime\":\"\(iso(t))\"}", late: 60)
            cp.nextHeartbeat = t + 300_000
        }
        for c in 1...2 {
            if cp.charging[c] > 0 {
                cp.meter[c] += 180 + rng.below(60)
                let soc = min(100, 20 + (90 - cp.charging[c]))
                call(t + Int64(c) * 10, cp, "MeterValues",
                     "{\"connectorId\":\(c),\"transactionId\":\(cp.transaction),\"meterValue\":[{\"timestamp\":\"\(iso(t))\",\"sampledValue\":[{\"value\":\"\(cp.meter[c])\",\"context\":\"Sample.Periodic\",\"measurand\":\"Energy.Active.Import.Register\",\"unit\":\"Wh\"},{\"value\":\"\(10_800 + rng.below(400))\",\"measurand\":\"Power.Active.Import\",\"unit\":\"W\"},{\"value\":\"\(15 + rng.below(2)).\(rng.below(10))\",\"measurand\":\"Current.Import\",\"unit\":\"A\",\"phase\":\"L1\"},{\"value\":\"\(228 + rng.below(6))\",\"measurand\":\"Voltage\",\"unit\":\"V\",\"phase\":\"L1-N\"},{\"value\":\"\(soc)\",\"measurand\":\"SoC\",\"unit\":\"Percent\"}]}]}",
                     answer: "{}", late: 35)
                cp.charging[c] -= 1
                if cp.charging[c] == 0 {
                    let stop = t + 30_000
                    call(stop, cp, "StopTransaction", "{\"transactionId\":\(cp.transaction),\"meterStop\":\(cp.meter[c]),\"timestamp\":\"\(iso(stop))\",\"reason\":\"EVDisconnected\"}",
                         answer: "{\"idTagInfo\":{\"status\":\"Accepted\"}}")
                    status(stop + 500, cp, c, "Finishing")
                    status(stop + 20_000, cp, c, "Available")
                }
            } else if rng.chance(0.004) {
                // A session starts: plug-in, authorization, start, charging for 20–90 minutes.
                status(t, cp, c, "Preparing")
                call(t + 4000, cp, "Authorize", "{\"idTag\":\"TAG\(rng.below(9000) + 1000)\"}", answer: "{\"idTagInfo\":{\"status\":\"Accepted\"}}")
                cp.transaction += 1
                call(t + 6000, cp, "StartTransaction", "{\"connectorId\":\(c),\"idTag\":\"TAG1\",\"meterStart\":\(cp.meter[c]),\"timestamp\":\"\(iso(t + 6000))\"}",
                     answer: "{\"transactionId\":\(cp.transaction),\"idTagInfo\":{\"status\":\"Accepted\"}}")
                status(t + 8000, cp, c, "SuspendedEV")
                status(t + 9500, cp, c, "Charging")
                cp.charging[c] = 20 + rng.below(70)
            } else if rng.chance(0.0004) {
                // A fault that clears a few seconds later.
                let codes = ["GroundFailure", "ConnectorLockFailure", "OverCurrentFailure", "InternalError", "HighTemperature", "OtherError"]
                status(t, cp, c, "Faulted", codes[rng.below(codes.count)])
                status(t + 45_000, cp, c, "Available")
            }
        }
        if rng.chance(0.00005) {
            // The central system resets a charger; it reboots.
            let id = cp.uid()
            emit(t, cp.id, "out", "[2,\"cs\(id)\",\"Reset\",{\"type\":\"Soft\"}]")
            emit(t + 300, cp.id, "in", "[3,\"cs\(id)\",{\"status\":\"Accepted\"}]")
            call(t + 40_000, cp, "BootNotification", "{\"chargePointVendor\":\"Acme\",\"chargePointModel\":\"AC22\",\"firmwareVersion\":\"2.4.1\"}",
                 answer: "{\"status\":\"Accepted\",\"currentTime\":\"\(iso(t + 40_000))\",\"interval\":300}")
        }
    }
    minute += 1
}
flush()
