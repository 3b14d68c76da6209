import Foundation
import Testing

@testable import OCPPDiagnostics

/// Report records are read by other programs: every string must come back as it went in.
struct JSONWriterTests {
    @Test func escapesExactlyWhatJSONRequires() {
        var w = JSONWriter()
        w.string("a\"b\\c\nd\re\tf\u{01}g\u{1F}h/é✓🔌")
        #expect(w.text == #""a\"b\\c\nd\re\tf\u0001g\u001fh/é✓🔌""#)
    }

    @Test func stringsComeBackUnchangedThroughFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{00}", "\u{07}", "\u{1F}", "\u{7F}",
                                     "é", "✓", "🔌", "\u{301}", "e\u{301}", "{", "}", "[", "]", ":", ","]
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            var w = JSONWriter()
            w.object { $0.string("s", text) }
            let decoded = try JSONSerialization.jsonObject(with: Data(w.text.utf8)) as? [String: String]
            #expect(decoded == ["s": text], "\(w.text)")
        }
    }
}

/// Every time in a report is written by `iso8601`; it must agree with Foundation and read back.
struct TimestampTextTests {
    @Test func iso8601AgreesWithFoundationAndReadsBack() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SystemRandomNumberGenerator()
        let edges: [Int64] = [0, -1, 999, 86_399_999, 951_782_400_000, 253_402_300_799_999, -62_135_596_800_000]
        let random = (0..<2_000).map { _ in Int64.random(in: -62_135_596_800_000...253_402_300_799_999, using: &generator) }
        for ms in edges + random {
            let t = Timestamp(millisecondsSinceEpoch: ms)
            let text = t.iso8601
            #expect(text.utf8.count == 24 && Timestamp.parse(text) == t, "\(ms): \(text)")
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
            if ms >= 0 { #expect(text == expected, "\(ms)") }  // Foundation's years before 1970 use another calendar
        }
        // Past year 9999 the year simply grows.
        #expect(Timestamp(millisecondsSinceEpoch: 253_402_300_800_000).iso8601 == "10000-01-01T00:00:00.000Z")
    }
}

/// Message templates are parsed by bytes; they must read as the straightforward text search
/// does (the random pieces hold no combining marks, the one place where they differ).
struct MessageTemplateTests {
    /// The search over `String`s the byte reading replaced.
    static func reference(_ text: String) -> (MessageTemplate, [String]) {
        var parts: [MessageTemplate.Part] = []
        var unknown: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                parts.append(.text(String(rest[open.lowerBound...])))
                rest = ""
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let p = MessageTemplate.Placeholder(rawValue: name) { parts.append(.placeholder(p)) } else { unknown.append(name) }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return (MessageTemplate(parts: parts), unknown)
    }

    @Test func bytesReadTemplatesAsTheTextSearchDid() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["{{", "}}", "{", "}", " ", "\t", "status", "chargePointId", " count ", "nope", "x", "é", "✓", "🔌", "\n"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let (a, ua) = MessageTemplate.parse(text), (b, ub) = Self.reference(text)
            #expect(a == b && ua == ub, "\(text.debugDescription)")
        }
        // The one difference, on purpose: braces followed by a combining mark still count (a
        // search by characters saw `{` + mark as another character and read plain text).
        #expect(MessageTemplate.parse("{{\u{301}status}}").unknown == ["\u{301}status"])
        let (t, u) = MessageTemplate.parse("CP {{ chargePointId }}/{{connectorId}} {{bogus}} {{ unclosed")
        #expect(t.placeholders == [.chargePointId, .connectorId] && u == ["bogus"])
        #expect(t.render { "<\($0.rawValue)>" } == "CP <chargePointId>/<connectorId>  {{ unclosed")
    }
}
