import Yams

/// One rule file composed into Yams nodes, with its syntax problems as diagnostics.
///
/// Yams stops composing at the first duplicate key. To still report every problem
/// of the file, the duplicate is located in the text, reported at its own position,
/// renamed to a placeholder the decoder skips, and the file is composed again.
struct YAMLDocument {
    static let maxBytes = 1 << 20
    static let duplicatePrefix = "__duplicate_key_"

    let file: String
    let text: String
    var root: Node?
    var diagnostics: [Diagnostic] = []

    init(file: String, text: String) {
        self.file = file
        self.text = text
        guard text.utf8.count <= YAMLDocument.maxBytes else {
            diagnostics.append(.error(
                "file-too-large", "rule file is \(text.utf8.count) bytes; the limit is \(YAMLDocument.maxBytes)",
                at: SourceLocation(file: file, line: 1, column: 1)))
            return
        }
        var working = text
        for attempt in 0..<100 {
            do {
                // UTF-8 named outright: Yams's default reads the process environment on every
                // call (a tenth of the pack's load, measured), and a `YAMS_DEFAULT_ENCODING`
                // there would make it print a line onto standard output, the report's stream.
                root = try Yams.compose(yaml: working, .basic, .default, .utf8)
                return
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let first = context.mark
                guard let key = duplicates.first,
                      let (line, column) = YAMLDocument.findRepeat(of: key, after: first, in: working),
                      let renamed = YAMLDocument.rename(line: line, column: column, length: YAMLDocument.keyLength(key, line: line, column: column, in: working), to: "\(YAMLDocument.duplicatePrefix)\(attempt)", in: working)
                else {
                    diagnostics.append(.error(
                        "duplicate-key", "duplicate key '\(duplicates.first ?? "?")'",
                        at: SourceLocation(file: file, line: first.line, column: first.column)))
                    return
                }
                diagnostics.append(.error(
                    "duplicate-key", "duplicate key '\(key)'; it is already set at line \(first.line)",
                    at: SourceLocation(file: file, line: line, column: column)))
                working = renamed
            } catch let error as YamlError {
                diagnostics.append(YAMLDocument.diagnostic(for: error, file: file, text: working))
                return
            } catch {
                diagnostics.append(.error("yaml-syntax", "\(error)", at: SourceLocation(file: file, line: 1, column: 1)))
                return
            }
        }
    }

    static func diagnostic(for error: YamlError, file: String, text: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        func message(_ problem: String, _ context: YamlError.Context?) -> String {
            if let c = context, !c.text.isEmpty { return "\(problem) (\(c.text) at line \(c.mark.line))" }
            return problem
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            return .error("yaml-syntax", message(problem, context), at: at(mark))
        case let .composer(context, problem, mark, _):
            return .error("yaml-syntax", message(problem, context), at: at(mark))
        case let .reader(problem, offset, _, _):
            var line = 1, column = 1
            if let offset {
                for (i, scalar) in text.unicodeScalars.enumerated() {
                    if i >= offset { break }
                    if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
                }
            }
            return .error("yaml-syntax", problem, at: SourceLocation(file: file, line: line, column: column))
        default:
            return .error("yaml-syntax", "cannot read YAML", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// Finds the next occurrence of `key` as a key of the same mapping as the one at `first`:
    /// a later line at the same indentation (block style), or later on the same line (flow style).
    static func findRepeat(of key: String, after first: Mark, in text: String) -> (Int, Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
        func keyAt(_ line: [Unicode.Scalar], _ col: Int) -> Bool {  // col is 0-based
            for s in spellings where col + s.count <= line.count && Array(line[col..<col + s.count]) == s {
                var k = col + s.count
                while k < line.count, line[k] == " " || line[k] == "\t" { k += 1 }
                if k < line.count, line[k] == ":" { return true }
            }
            return false
        }
        let firstLine = lines[first.line - 1]
        // Flow style: look further along the same line.
        var c = first.column  // just past the first occurrence's first character
        while c < firstLine.count {
            if (firstLine[c - 1] == "," || firstLine[c - 1] == "{" || firstLine[c - 1] == " "), keyAt(firstLine, c) {
                return (first.line, c + 1)
            }
            c += 1
        }
        let indent = first.column - 1
        for n in first.line..<lines.count {
            let line = lines[n]
            guard let firstNonSpace = line.firstIndex(where: { $0 != " " }) else { continue }
            if line[firstNonSpace] == "#" { continue }
            if firstNonSpace < indent { break }
            if firstNonSpace == indent, keyAt(line, indent) { return (n + 1, indent + 1) }
        }
        return nil
    }

    static func keyLength(_ key: String, line: Int, column: Int, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let scalars = Array(lines[line - 1].unicodeScalars)
        let quoted = column - 1 < scalars.count && (scalars[column - 1] == "\"" || scalars[column - 1] == "'")
        return key.unicodeScalars.count + (quoted ? 2 : 0)
    }

    static func rename(line: Int, column: Int, length: Int, to replacement: String, in text: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        guard line >= 1, line <= lines.count, column - 1 + length <= lines[line - 1].count else { return nil }
        lines[line - 1].replaceSubrange((column - 1)..<(column - 1 + length), with: Array(replacement.unicodeScalars))
        return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
    }
}
