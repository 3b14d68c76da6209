import Foundation
import Testing

@testable import OCPPDiagnostics

/// Loads a pack from YAML text, failing the test with the rendered diagnostics if it has errors.
func loadPack(_ yaml: String, file: String = "rules.yaml", sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> RulePack {
    let result = RuleLoader.load(files: [(file, yaml)])
    guard let pack = result.pack else {
        Issue.record("pack did not load:\n\(DiagnosticRenderer(sources: result.sources).render(result.diagnostics))", sourceLocation: sourceLocation)
        throw PackFailed()
    }
    return pack
}

struct PackFailed: Error {}

/// A diagnosis reduced to what scenario tests compare.
struct Seen: Equatable, CustomStringConvertible {
    var event: Int
    var rule: String
    var time: String
    var alternatives: [String] = []

    var description: String { "#\(event) \(rule) @\(time)" + (alternatives.isEmpty ? "" : " alt \(alternatives)") }
}

/// Runs `events` (a YAML list of test events, DESIGN §6 syntax) through `rules` and returns what was diagnosed.
func scenario(_ rules: String, events: String) throws -> (seen: [Seen], diagnoses: [Diagnosis]) {
    let indented = events.split(separator: "\n", omittingEmptySubsequences: true).map { "      " + $0 }.joined(separator: "\n")
    let yaml = rules + "\ntests:\n  - name: scenario\n    events:\n" + indented + "\n"
    let pack = try loadPack(yaml)
    let result = RuleTestRunner.run(pack.tests[0], pack: pack)
    let seen = zip(result.diagnoses, result.triggerIndices).map { d, i in
        Seen(event: i, rule: d.ruleId, time: d.timestamp.iso8601, alternatives: d.alternatives.map(\.ruleId))
    }
    return (seen, result.diagnoses)
}

/// What one evaluator makes of `events`, its timers fired at the end.
func evaluated(_ events: [Event], pack: RulePack) -> [Diagnosis] {
    let evaluator = Evaluator(pack: pack)
    return events.flatMap { evaluator.process($0) } + evaluator.finish()
}

/// Just the rule ids by trigger index.
func fired(_ rules: String, events: String) throws -> [String] {
    try scenario(rules, events: events).seen.map { "\($0.event):\($0.rule)" }
}

/// Text with position markers (1️⃣ 2️⃣ …) removed, and where each marker stood (line, column in scalars).
struct MarkedText {
    var text: String
    var markers: [String: (line: Int, column: Int)] = [:]

    init(_ marked: String) {
        var out = String.UnicodeScalarView()
        var line = 1, column = 1
        let scalars = Array(marked.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            // Keycap markers: digit, U+FE0F, U+20E3.
            if i + 2 < scalars.count, scalars[i + 1] == "\u{FE0F}", scalars[i + 2] == "\u{20E3}" {
                markers[String(s)] = (line, column)
                i += 3
                continue
            }
            out.append(s)
            if s == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        text = String(out)
    }
}

/// The package root, for fixtures and the built binary.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// One directory for every temporary file of this test process, removed when it exits, so
/// runs leave nothing behind in the system's temporary directory.
let testScratch: URL = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ocpp-diag-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testScratch) }
    return dir
}()

/// A new empty directory under `testScratch`.
func temporaryDirectory() throws -> URL {
    let dir = testScratch.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Writes `text` to a new temporary file and returns its path.
func temporaryFile(_ name: String, _ text: String) throws -> String {
    let dir = try temporaryDirectory()
    let path = dir.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}
