#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One of N disjoint parts of a fleet (DESIGN §9): the charge points whose id hashes to `index`.
///
/// The hash is FNV-1a (64-bit) over the id's UTF-8 bytes, modulo `count`: stable across
/// runs, machines and versions, so `--shard K/N` outputs from separate processes add up to
/// the unsharded output.
public struct Shard: Sendable, Hashable {
    public var index: Int
    public var count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (0-based K).
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: k, count: n)
    }

    public static func of<S: StringProtocol>(_ chargePointId: S, count: Int) -> Int {
        var h = FNV1a64()
        h.add(chargePointId.utf8)
        return Int(h.value % UInt64(count))
    }

    public func owns<S: StringProtocol>(_ chargePointId: S) -> Bool {
        count == 1 || Shard.of(chargePointId, count: count) == index
    }
}

extension JSONLinesFormat {
    /// The top-level `"chargePointId":"…"` of a wrapped frame or flat record, read without
    /// parsing: trusted only when nothing before it opens a nested object or array and the
    /// id has no escapes, so it always equals what decoding would find.
    func chargePointHint(_ line: UnsafeBufferPointer<UInt8>) -> Substring? {
        JSONLinesFormat.topLevelString("\"chargePointId\":\"", in: line)
            .map { Substring(decoding: UnsafeBufferPointer(rebasing: line[$0]), as: UTF8.self) }
    }

    /// The top-level `"timestamp":"…"`, read the same way.
    func timeHint(_ line: UnsafeBufferPointer<UInt8>, context: DecodeContext) -> Timestamp? {
        JSONLinesFormat.topLevelString("\"timestamp\":\"", in: line).flatMap { context.parseTime(UnsafeBufferPointer(rebasing: line[$0])) }
    }

    /// The bytes of a string value at the top level of a one-line JSON object, for `key`
    /// written as `"name":"`; nil when it is not certainly top-level or has escapes.
    static func topLevelString(_ key: StaticString, in line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let base = line.baseAddress, line.count > key.utf8CodeUnitCount else { return nil }
        let k = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        // memchr for the opening quote, then compare (memmem is not portable).
        var from = 0
        var found: Int?
        while from + k.count <= line.count, let q = memchr(base + from, 0x22, line.count - from - k.count + 1) {
            let at = UnsafeRawPointer(q) - UnsafeRawPointer(base)
            if memcmp(base + at, k.baseAddress!, k.count) == 0 { found = at; break }
            from = at + 1
        }
        guard let hit = found else { return nil }
        let start = hit + k.count
        var opens = 0
        for i in 0..<start where line[i] == UInt8(ascii: "{") || line[i] == UInt8(ascii: "[") {
            opens += 1
            if opens > 1 || line[i] == UInt8(ascii: "[") { return nil }
        }
        var end = start
        while end < line.count, line[end] != UInt8(ascii: "\"") {
            if line[end] == UInt8(ascii: "\\") || line[end] >= 0x80 { return nil }
            end += 1
        }
        guard end < line.count, end > start else { return nil }
        return start..<end
    }
}
