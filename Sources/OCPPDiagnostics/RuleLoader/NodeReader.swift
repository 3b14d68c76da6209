import Yams

/// Typed, positioned access to Yams nodes. Every problem becomes a ``Diagnostic`` at
/// the offending node and reading carries on, so one pass reports all of a file's errors.
///
/// Aliases share nodes, so a hostile file can describe an exponentially large tree in a
/// few lines; a visit budget and a depth limit bound the walk.
final class NodeReader {
    static let maxVisits = 200_000
    static let maxDepth = 40

    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Lint findings at nodes (a regex that could be a prefix, …); not errors, reported by `lint`.
    private(set) var warnings: [Diagnostic] = []
    private var visits = 0
    private(set) var exhausted = false
    /// Every well-formed rule id written in the file, with its node, whether or not its rule is valid.
    var declaredIds: [(String, Node)] = []
    /// Rule ids named by test expectations, checked once every file is read.
    var ruleReferences: [(String, Node)] = []

    init(file: String) { self.file = file }

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func error(_ code: String, _ message: String, at node: Node, suggestion: String? = nil) {
        diagnostics.append(.error(code, message, at: location(node), suggestion: suggestion))
    }

    func report(_ d: Diagnostic) { diagnostics.append(d) }

    func warning(_ code: String, _ message: String, at node: Node, suggestion: String? = nil) {
        warnings.append(.warning(code, message, at: location(node), suggestion: suggestion))
    }

    /// Counts a node visit; false once the budget is spent (reported once).
    func visit(_ node: Node, depth: Int) -> Bool {
        guard !exhausted else { return false }
        visits += 1
        if visits > NodeReader.maxVisits {
            exhausted = true
            error("too-complex", "rule file expands to more than \(NodeReader.maxVisits) YAML nodes (aliases?)", at: node)
            return false
        }
        if depth > NodeReader.maxDepth {
            exhausted = true
            error("too-deep", "nesting deeper than \(NodeReader.maxDepth) levels", at: node)
            return false
        }
        return true
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s): return s.string.isEmpty ? "nothing" : "'\(s.string)'"
        case .alias: return "an alias"
        }
    }

    /// A mapping's entries in order, with placeholder keys of reported duplicates dropped.
    func mapping(_ node: Node, _ what: String, depth: Int) -> [(key: String, keyNode: Node, value: Node)]? {
        guard visit(node, depth: depth) else { return nil }
        guard case .mapping(let m) = node else {
            error("bad-type", "expected a mapping for \(what), found \(NodeReader.describe(node))", at: node)
            return nil
        }
        var out: [(key: String, keyNode: Node, value: Node)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else {
                error("bad-type", "expected a plain key in \(what), found \(NodeReader.describe(k))", at: k)
                continue
            }
            if ks.string.hasPrefix(YAMLDocument.duplicatePrefix) { continue }
            out.append((ks.string, k, v))
        }
        return out
    }

    func sequence(_ node: Node, _ what: String, depth: Int) -> [Node]? {
        guard visit(node, depth: depth) else { return nil }
        guard case .sequence(let s) = node else {
            error("bad-type", "expected a list for \(what), found \(NodeReader.describe(node))", at: node)
            return nil
        }
        return Array(s)
    }

    /// A scalar's text and whether it was quoted; an empty plain scalar counts as missing.
    func scalar(_ node: Node, _ what: String, depth: Int) -> (text: String, quoted: Bool)? {
        guard visit(node, depth: depth) else { return nil }
        guard case .scalar(let s) = node else {
            error("bad-type", "expected a value for \(what), found \(NodeReader.describe(node))", at: node)
            return nil
        }
        let quoted = s.style == .singleQuoted || s.style == .doubleQuoted
        if s.string.isEmpty && !quoted {
            error("missing-value", "\(what) has no value", at: node)
            return nil
        }
        return (s.string, quoted)
    }

    func string(_ node: Node, _ what: String, depth: Int) -> String? {
        scalar(node, what, depth: depth)?.text
    }

    func int(_ node: Node, _ what: String, depth: Int, minimum: Int? = nil) -> Int? {
        guard let (text, _) = scalar(node, what, depth: depth) else { return nil }
        guard let v = Int(text) else {
            error("bad-value", "expected an integer for \(what), found '\(text)'", at: node)
            return nil
        }
        if let minimum, v < minimum {
            error("bad-value", "expected \(what) of at least \(minimum), found \(v)", at: node)
            return nil
        }
        return v
    }

    func bool(_ node: Node, _ what: String, depth: Int) -> Bool? {
        guard let (text, _) = scalar(node, what, depth: depth) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            error("bad-value", "expected true or false for \(what), found '\(text)'", at: node)
            return nil
        }
    }

    func duration(_ node: Node, _ what: String, depth: Int, allowZero: Bool = false) -> TimeSpan? {
        guard let (text, _) = scalar(node, what, depth: depth) else { return nil }
        guard let d = TimeSpan.parse(text) else {
            error("bad-duration", "expected a duration such as '30s', '15m', '2h', '1d' or '1h30m' for \(what), found '\(text)'", at: node)
            return nil
        }
        if d.milliseconds == 0 && !allowZero {
            error("bad-duration", "\(what) must be longer than zero", at: node)
            return nil
        }
        return d
    }

    /// Reports keys not in `allowed` (with a suggestion) and returns a lookup of the rest.
    func known(_ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: String) -> [String: (keyNode: Node, value: Node)] {
        var out: [String: (keyNode: Node, value: Node)] = [:]
        for e in entries {
            if allowed.contains(e.key) {
                out[e.key] = (e.keyNode, e.value)
            } else {
                error("unknown-key", "unknown key '\(e.key)' in \(what)", at: e.keyNode,
                      suggestion: Suggestion.didYouMean(e.key, in: allowed))
            }
        }
        return out
    }

    /// A value name checked against a vocabulary, with a suggestion on a near miss.
    func vocabulary(_ text: String, _ words: [String], code: String, what: String, at node: Node) -> Bool {
        if words.contains(text) { return true }
        error(code, "unknown \(what) '\(text)'", at: node, suggestion: Suggestion.didYouMean(text, in: words))
        return false
    }
}
