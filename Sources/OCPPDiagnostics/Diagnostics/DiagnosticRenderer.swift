/// The one place that turns diagnostics into text for people:
///
/// ```
/// rules/stuck.yaml:14:5: error: unknown key 'treshold' in rule 'x' [unknown-key]
///    14 |     treshold: 3
///       |     ^
/// rules/stuck.yaml:14:5: note: did you mean 'threshold'?
/// ```
public struct DiagnosticRenderer: Sendable {
    /// File contents by path, for the source line and caret; a file missing here is rendered without them.
    public var sources: [String: String]

    public init(sources: [String: String] = [:]) { self.sources = sources }

    public func render(_ d: Diagnostic) -> String {
        var out = ""
        let prefix = d.location.map { "\($0): " } ?? ""
        out += "\(prefix)\(d.severity.rawValue): \(d.message) [\(d.code)]\n"
        if let loc = d.location, let text = sources[loc.file], let line = Self.line(loc.line, of: text) {
            let number = String(loc.line)
            let gutter = String(repeating: " ", count: number.count)
            out += " \(number) | \(line)\n"
            let caretPad = String(line.unicodeScalars.prefix(max(0, loc.column - 1)).map { $0 == "\t" ? "\t" : " " })
            out += " \(gutter) | \(caretPad)^\n"
        }
        if let s = d.suggestion {
            out += "\(prefix)note: \(s)\n"
        }
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    static func line(_ number: Int, of text: String) -> String? {
        var current = 1
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number {
                return String(line.hasSuffix("\r") ? line.dropLast() : line)
            }
            current += 1
        }
        return nil
    }
}
