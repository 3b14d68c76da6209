import Testing

@testable import OCPPDiagnostics

/// Short strings made straight from their bytes must be the very strings the standard library
/// makes: the same words, and so equal, hashed and printed alike.
@Suite struct SmallStringTests {
    static func words(_ s: String) -> (UInt64, UInt64) {
        withUnsafeBytes(of: s) { ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }

    /// Both ways of reading `bytes`, from a buffer that has `after` more bytes behind them.
    static func check(_ bytes: [UInt8], after: Int) {
        let padded = bytes + Array(repeating: UInt8(ascii: "x"), count: after)
        padded.withUnsafeBufferPointer { all in
            let part = UnsafeBufferPointer(rebasing: all[0..<bytes.count])
            let expected = String(decoding: part, as: UTF8.self)
            for readable in [0, padded.count] {
                let made = SmallString.make(part, readable: readable)
                #expect(made == expected && made.utf8.count == expected.utf8.count, "\(bytes) readable \(readable)")
                if bytes.count <= 15 && bytes.allSatisfy({ $0 < 0x80 }) {
                    // Stored in the value itself: the very same words. (A longer string's
                    // second word points at its storage, which differs from copy to copy.)
                    #expect(words(made) == words(expected), "\(bytes) readable \(readable)")
                }
                #expect(made.hashValue == expected.hashValue && Array(made.utf8) == Array(expected.utf8))
            }
        }
    }

    @Test func shortASCIIAndEverythingElseReadAsTheStandardLibraryReadsThem() {
        var rng = SplitMix(state: 3)
        for length in 0...20 {
            for _ in 0..<200 {
                let ascii = (0..<length).map { _ in UInt8(rng.next() % 0x80) }
                Self.check(ascii, after: Int(rng.next() % 20))
                // A byte past ASCII somewhere, often an invalid sequence: the library's way.
                var other = ascii
                if length > 0 { other[Int(rng.next() % UInt64(length))] = UInt8(0x80 + rng.next() % 0x80) }
                Self.check(other, after: Int(rng.next() % 20))
            }
        }
        Self.check(Array("café".utf8), after: 16)
        Self.check(Array("CP-00045".utf8), after: 0)
    }

    @Test func madeStringsWorkAsKeysAndInComparisons() {
        let ids = (0..<500).map { "CP-\($0)" }
        var table: [String: Int] = [:]
        for (i, id) in ids.enumerated() {
            let made = Array(id.utf8).withUnsafeBufferPointer { SmallString.make($0, readable: 0) }
            table[made] = i
        }
        for (i, id) in ids.enumerated() { #expect(table[id] == i) }
        let status = Array("Faulted".utf8).withUnsafeBufferPointer { SmallString.make($0, readable: 0) }
        #expect(status == "Faulted" && status.hasPrefix("Fault") && status.lowercased() == "faulted")
    }
}
