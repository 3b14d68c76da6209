/// Recognizes regular expressions that only test for fixed text (`^E4`, `RCD`, `^E42$`),
/// which read better and run faster as `prefix`, `contains` or a plain value.
enum RegexSimplifier {
    /// The simpler condition for `pattern`, or nil when the pattern needs a regex.
    static func simpler(_ pattern: String) -> (op: String, text: String)? {
        var scalars = Array(pattern.unicodeScalars)
        var anchoredStart = false, anchoredEnd = false
        if scalars.first == "^" {
            anchoredStart = true
            scalars.removeFirst()
        }
        if scalars.last == "$" {
            // An escaped dollar is a literal.
            var backslashes = 0
            var i = scalars.count - 2
            while i >= 0, scalars[i] == "\\" { backslashes += 1; i -= 1 }
            if backslashes % 2 == 0 {
                anchoredEnd = true
                scalars.removeLast()
            }
        }
        let special: Set<Unicode.Scalar> = [".", "^", "$", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}", "\\"]
        var literal = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if s == "\\" {
                // An escaped punctuation mark is that character; \d, \w, \b … are classes.
                guard i + 1 < scalars.count else { return nil }
                let next = scalars[i + 1]
                guard !next.properties.isAlphabetic, !("0"..."9").contains(next), next.isASCII else { return nil }
                literal.append(next)
                i += 2
                continue
            }
            if special.contains(s) { return nil }
            literal.append(s)
            i += 1
        }
        guard !literal.isEmpty else { return nil }
        let text = String(literal)
        switch (anchoredStart, anchoredEnd) {
        case (true, true): return ("equals", text)
        case (true, false): return ("prefix", text)
        case (false, false): return ("contains", text)
        case (false, true): return nil  // a suffix test has no simpler form
        }
    }

    static func quoted(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return w.text
    }
}
