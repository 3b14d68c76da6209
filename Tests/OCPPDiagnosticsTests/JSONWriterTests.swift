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
