import Foundation
import Yams

/// The outcome of loading a pack: the pack when it has no errors, and every diagnostic found.
public struct LoadResult: Sendable {
    public var pack: RulePack?
    public var diagnostics: [Diagnostic]
    /// File texts by path, for rendering snippets under diagnostics.
    public var sources: [String: String]
    /// Lint warnings found while reading nodes (see ``RuleLinter``); not part of `diagnostics`,
    /// so commands other than `lint` stay quiet about them.
    public var warnings: [Diagnostic] = []

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Loads rule packs: YAML files → Yams nodes with positions → validated ``RulePack``.
///
/// A pack is a directory (read recursively, `.yaml`/`.yml` files in lexicographic path
/// order) or a single file; several paths are read in the order given. All problems of
/// all files are collected; a pack with any error is not returned.
public enum RuleLoader {
    /// Loads the packs at `paths`. A file under a key of `displayRoots` is named in
    /// diagnostics by that key's value instead (the built-in pack shows as `Rules/…`, not
    /// where the binary happens to be installed).
    ///
    /// `includingTests: false` is for commands that only evaluate rules: a `tests:` key that
    /// ends a file is not composed (see ``rulesPart(of:)``), its tests are neither read nor
    /// checked, and the pack has none. Most of the built-in pack's text is tests.
    public static func load(paths: [String], displayRoots: [String: String] = [:], includingTests: Bool = true) -> LoadResult {
        var files: [(path: String, hashName: String, text: String)] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            let (found, problems) = ruleFiles(at: path)
            diagnostics += problems
            for file in found {
                guard let data = FileManager.default.contents(atPath: file) else {
                    diagnostics.append(.error("unreadable-file", "cannot read rule file '\(file)'", at: nil))
                    continue
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    diagnostics.append(.error("bad-encoding", "rule file is not valid UTF-8", at: SourceLocation(file: file, line: 1, column: 1)))
                    continue
                }
                // The hash names files relative to their pack, so it does not depend on where the pack is installed.
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                let relative = file.hasPrefix(base + "/") ? String(file.dropFirst(base.count + 1)) : (file as NSString).lastPathComponent
                var shown = file
                for (root, name) in displayRoots where file.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
                    shown = name + "/" + file.dropFirst(root.hasSuffix("/") ? root.count : root.count + 1)
                }
                files.append((shown, relative, text))
            }
        }
        var result = load(named: files, includingTests: includingTests)
        result.diagnostics = diagnostics + result.diagnostics
        if !diagnostics.isEmpty { result.pack = nil }
        return result
    }

    /// Rule files under `path`, sorted; a single file is returned as is.
    static func ruleFiles(at path: String) -> ([String], [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return ([], [.error("missing-pack", "rule pack '\(path)' does not exist", at: nil)])
        }
        guard isDirectory.boolValue else { return ([path], []) }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            return ([], [.error("unreadable-file", "cannot list rule pack directory '\(path)'", at: nil)])
        }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
                found.append(full)
            }
        }
        found.sort()
        if found.isEmpty {
            return ([], [.error("empty-pack", "rule pack directory '\(path)' holds no .yaml or .yml files", at: nil)])
        }
        return (found, [])
    }

    /// Loads rule files given as (path, text) pairs, in the order given.
    public static func load(files: [(path: String, text: String)], includingTests: Bool = true) -> LoadResult {
        load(named: files.map { ($0.path, $0.path, $0.text) }, includingTests: includingTests)
    }

    /// What one file yields on its own; files are read in parallel and merged in order.
    struct FileContents: Sendable {
        /// YAML problems, then problems of the rules and tests themselves.
        var yamlDiagnostics: [Diagnostic] = []
        var diagnostics: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var rules: [Rule] = []
        var tests: [RuleTest] = []
        var declaredIds: [(String, SourceLocation)] = []
        var references: [(String, SourceLocation)] = []
    }

    static func read(path: String, text: String, includingTests: Bool = true) -> FileContents {
        if !includingTests {
            let rules = rulesPart(of: text)
            if rules.utf8.count < text.utf8.count {
                // A cut file with any error is read whole, so that its problems are reported as
                // `lint` reports them (and a `tests:` line that was not a top-level key after
                // all — inside a flow collection or a quoted string — loses nothing).
                let cut = read(path: path, text: rules)
                if cut.yamlDiagnostics.isEmpty && !cut.diagnostics.contains(where: { $0.severity == .error }) { return cut }
            }
        }
        var out = FileContents()
        let document = YAMLDocument(file: path, text: text)
        out.yamlDiagnostics = document.diagnostics
        guard let root = document.root else { return out }
        let reader = NodeReader(file: path)
        let (decoded, testNodes) = reader.fileContents(root)
        out.rules = decoded
        out.tests = testNodes.compactMap { reader.ruleTest($0, depth: 2) }
        out.declaredIds = reader.declaredIds.map { ($0.0, reader.location($0.1)) }
        out.references = reader.ruleReferences.map { ($0.0, reader.location($0.1)) }
        out.diagnostics = reader.diagnostics
        out.warnings = reader.warnings
        return out
    }

    /// The text before a `tests:` line at column 0 that looks like the file's last top-level
    /// key, or the whole text: every line after it must be blank, a comment, indented, or an
    /// item of its list at column 0 (a YAML alias cannot reach back from there), and no line
    /// before it may start with `tests` (a second key of that name). A document marker or
    /// another key keeps the whole text. The line may still not be a key (inside a flow
    /// collection or a quoted string): ``read(path:text:includingTests:)`` reads a cut text
    /// that has any error whole. Line numbers of the rules are unchanged.
    static func rulesPart(of text: String) -> String {
        // By bytes: a String splits "\r\n" as one character, not at "\n".
        let bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        func line(_ k: Int) -> ArraySlice<UInt8> {
            var end = k + 1 < starts.count ? starts[k + 1] - 1 : bytes.count
            if end > starts[k], bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            return bytes[starts[k]..<end]
        }
        func isTestsKey(_ line: ArraySlice<UInt8>) -> Bool {
            guard line.starts(with: "tests:".utf8) else { return false }
            let rest = line.dropFirst(6).drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            return rest.isEmpty || rest.first == UInt8(ascii: "#")
        }
        guard let key = starts.indices.first(where: { isTestsKey(line($0)) }),
              !(0..<key).contains(where: { k in ["tests", "\"tests\"", "'tests'"].contains { line(k).starts(with: $0.utf8) } })
        else { return text }
        for k in (key + 1)..<starts.count {
            let l = line(k)
            guard let first = l.first, first != UInt8(ascii: " "), first != UInt8(ascii: "#") else { continue }
            if first == UInt8(ascii: "-"), l.dropFirst().first.map({ $0 == UInt8(ascii: " ") }) ?? true { continue }
            return text
        }
        return String(decoding: bytes[..<starts[key]], as: UTF8.self)
    }

    static func load(named files: [(path: String, hashName: String, text: String)], includingTests: Bool = true) -> LoadResult {
        var diagnostics: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var rules: [Rule] = []
        var tests: [RuleTest] = []
        var firstIdLocation: [String: SourceLocation] = [:]
        var pendingRefs: [(String, SourceLocation)] = []
        var sources: [String: String] = [:]
        var hash = FNV1a64()
        // Composing YAML is most of the cost of loading a pack, and files are independent.
        var read = [FileContents?](repeating: nil, count: files.count)
        read.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots  // each index is written by exactly one iteration
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                slots[i] = RuleLoader.read(path: files[i].path, text: files[i].text, includingTests: includingTests)
            }
        }
        for (i, (path, hashName, text)) in files.enumerated() {
            sources[path] = text
            var name = hashName, body = text
            name.withUTF8 { hash.add($0) }
            hash.add([0])
            body.withUTF8 { hash.add($0) }
            hash.add([0])
            let contents = read[i]!
            diagnostics += contents.yamlDiagnostics
            for (id, idLocation) in contents.declaredIds {
                if let first = firstIdLocation[id] {
                    diagnostics.append(.error(
                        "duplicate-rule-id", "rule id '\(id)' is already used at \(first)", at: idLocation))
                } else {
                    firstIdLocation[id] = idLocation
                }
            }
            rules += contents.rules
            tests += contents.tests
            pendingRefs += contents.references
            diagnostics += contents.diagnostics
            warnings += contents.warnings
        }
        let ids = Array(firstIdLocation.keys).sorted()
        for (ref, location) in pendingRefs where firstIdLocation[ref] == nil {
            diagnostics.append(.error("unknown-rule", "no rule has id '\(ref)'", at: location,
                                      suggestion: Suggestion.didYouMean(ref, in: ids)))
        }
        diagnostics.sort { ($0.location?.file ?? "", $0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.location?.column ?? 0) }
        let hasErrors = diagnostics.contains { $0.severity == .error }
        let pack = hasErrors ? nil : RulePack(rules: rules, tests: tests, hash: hash.hex, sources: sources)
        return LoadResult(pack: pack, diagnostics: diagnostics, sources: sources, warnings: warnings)
    }
}
