/// A problem found in a rule pack or an input, kept as data: rendered as text by
/// ``DiagnosticRenderer`` and as JSON by ``Diagnostic/jsonObject``.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Sendable, Comparable {
        case note, warning, error

        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    /// Stable kebab-case code, documented in docs/diagnostics.md (errors) and docs/diagnostics-warnings.md (warnings).
    public var code: String
    public var message: String
    public var location: SourceLocation?
    /// A likely fix ("did you mean 'Faulted'?"), shown as a note.
    public var suggestion: String?

    public init(_ severity: Severity, _ code: String, _ message: String, at location: SourceLocation?, suggestion: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.suggestion = suggestion
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation?, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(.error, code, message, at: location, suggestion: suggestion)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation?, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code, message, at: location, suggestion: suggestion)
    }

    /// The machine form: `{"file","line","column","severity","code","message","suggestion"}`.
    public var jsonObject: String {
        var w = JSONWriter()
        w.object { o in
            o.string("file", location?.file)
            o.int("line", location?.line)
            o.int("column", location?.column)
            o.string("severity", severity.rawValue)
            o.string("code", code)
            o.string("message", message)
            o.string("suggestion", suggestion)
        }
        return w.text
    }
}

/// Suggestions for near-miss names, by edit distance.
public enum Suggestion {
    /// The closest candidate within a small edit distance, or nil.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        var best: (String, Int)?
        for c in candidates {
            if c.lowercased() == lower { return c }
            let d = editDistance(lower, c.lowercased())
            let limit = max(1, min(3, c.count / 3))
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
            // A clipped name ("Avail" for "Available") is a near miss too.
            if best == nil, lower.count >= 3, c.lowercased().hasPrefix(lower) { best = (c, limit) }
        }
        return best?.0
    }

    public static func didYouMean(_ word: String, in candidates: [String]) -> String? {
        closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and
    /// adjacent transpositions ("Fualted") each cost one.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
