import Foundation

/// Reads log times that name no UTC offset (SteVe's `2024-02-23 18:04:57,552`, Python logging's
/// `2021-03-17 20:24:45`) in one IANA time zone, with the offset in force at that moment, so a
/// log that runs through a daylight-saving change stays in order. Output is always UTC.
///
/// Foundation's `TimeZone` knows the rules; asking it for every line would be slow, so the offset
/// is remembered per quarter hour of wall-clock time (zones change offset on quarter hours).
/// In the hour a clock is set back, a wall-clock time happens twice; the earlier one (still
/// summer time) is taken. In the hour skipped when it is set forward, the time is read with
/// the offset from before the change.
final class TimeZoneReader: @unchecked Sendable {
    let zone: TimeZone
    private let fixedOffset: Int64?
    private var cachedBucket = Int64.min
    private var cachedOffset: Int64 = 0

    static let utc = TimeZoneReader(zone: TimeZone(identifier: "UTC")!)

    init(zone: TimeZone) {
        self.zone = zone
        // A zone without daylight saving and with a fixed offset now (UTC, Etc/GMT+2) needs no look-ups.
        if zone.identifier == "UTC" || zone.identifier == "GMT" || zone.identifier.hasPrefix("Etc/") {
            fixedOffset = Int64(zone.secondsFromGMT())
        } else {
            fixedOffset = nil
        }
    }

    /// The UTC time for a wall-clock time in this zone (both as milliseconds since the epoch).
    func utc(fromLocal local: Int64) -> Int64 {
        if let fixedOffset { return local - fixedOffset * 1000 }
        let bucket = local >= 0 ? local / 900_000 : (local - 899_999) / 900_000
        if bucket != cachedBucket {
            cachedBucket = bucket
            cachedOffset = offset(forLocal: bucket * 900_000)
        }
        return local - cachedOffset * 1000
    }

    private func offset(forLocal local: Int64) -> Int64 {
        func offset(at utc: Int64) -> Int64 { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc) / 1000))) }
        // The offsets in force half a day either side; zones change at most once in that span.
        let before = offset(at: local - 43_200_000), after = offset(at: local + 43_200_000)
        let fits = [before, after].filter { offset(at: local - $0 * 1000) == $0 }
        // Two fit in the repeated hour: take the larger offset, the earlier instant. None fit in
        // the skipped hour: read it with the offset from before the change.
        return fits.max() ?? before
    }
}
