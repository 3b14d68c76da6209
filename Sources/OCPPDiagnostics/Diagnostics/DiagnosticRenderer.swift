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
        var lines: [String: [Substring]] = [:]
        return render(d, lines: &lines)
    }

    /// Renders many diagnostics, splitting each file into lines once (not once per diagnostic).
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var lines: [String: [Substring]] = [:]
        return diagnostics.map { render($0, lines: &lines) }.joined()
    }

    private func render(_ d: Diagnostic, lines: inout [String: [Substring]]) -> String {
        var out = ""
        let prefix = d.location.map { "\($0): " } ?? ""
        out += "\(prefix)\(d.severity.rawValue): \(d.message) [\(d.code)]\n"
        if let loc = d.location, let text = sources[loc.file] {
            if lines[loc.file] == nil { lines[loc.file] = text.split(separator: "\n", omittingEmptySubsequences: false) }
            let fileLines = lines[loc.file]!
            if loc.line >= 1, loc.line <= fileLines.count {
                let raw = fileLines[loc.line - 1]
                let line = String(raw.hasSuffix("\r") ? raw.dropLast() : raw)
                let number = String(loc.line)
                let gutter = String(repeating: " ", count: number.count)
                out += " \(number) | \(line)\n"
                let caretPad = String(line.unicodeScalars.prefix(max(0, loc.column - 1)).map { $0 == "\t" ? "\t" : " " })
                out += " \(gutter) | \(caretPad)^\n"
            }
        }
        if let s = d.suggestion {
            out += "\(prefix)note: \(s)\n"
        }
        return out
    }
}
