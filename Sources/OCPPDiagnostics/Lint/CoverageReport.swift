/// Which OCPP 1.6 status × error code combinations the pack diagnoses, and which rules
/// and tests exercise nothing (DESIGN §6/§7 `lint --coverage`).
///
/// Each cell is a StatusNotification with that status and error code on a fresh
/// connector with no history, run through the ``Evaluator``: its top diagnosis, and the
/// top diagnosis of any `for:` rules once the status has lasted long enough to fire them.
public struct CoverageReport: Sendable {
    public struct Top: Hashable, Sendable {
        public var ruleId: String
        /// Set when the diagnosis comes from a `for:` rule (after that long).
        public var forDuration: TimeSpan?
    }

    public struct Cell: Sendable {
        public var status: String
        public var errorCode: String
        public var tops: [Top]
        public var covered: Bool { !tops.isEmpty }
    }

    public struct IdleTest: Sendable {
        public var name: String
        public var location: SourceLocation
    }

    public var statuses = OCPPVocabulary.statuses16
    public var errorCodes = OCPPVocabulary.errorCodes
    /// Row by row: for each error code, every status.
    public var cells: [Cell] = []
    /// Rules, in pack order, that no test makes the top diagnosis.
    public var untestedRules: [(id: String, location: SourceLocation)] = []
    /// Tests whose events produce no diagnosis at all.
    public var testsExercisingNoRule: [IdleTest] = []
    /// Rules in pack order, for the legend.
    public var ruleOrder: [(id: String, location: SourceLocation)] = []

    public var coveredCount: Int { cells.filter(\.covered).count }
    public var percentCovered: Double { cells.isEmpty ? 0 : Double(coveredCount) * 100 / Double(cells.count) }
    public var percentText: String {
        let tenths = (percentCovered * 10).rounded() / 10
        return tenths.rounded() == tenths ? String(Int(tenths)) : String(tenths)
    }

    public init(pack: RulePack) {
        let start = Timestamp.parse("2026-01-01T00:00:00Z")!
        let longestFor = pack.rules.compactMap(\.forDuration).max() ?? .zero
        for code in errorCodes {
            for status in statuses {
                let evaluator = Evaluator(pack: pack)
                let event = Event(timestamp: start, chargePointId: "COVERAGE", connectorId: 1, type: "StatusNotification",
                                  status: status, errorCode: code,
                                  payload: .object([("connectorId", .number(1)), ("errorCode", .string(code)), ("status", .string(status))]),
                                  source: SourceRef(file: "<coverage>", line: 1))
                var made = evaluator.process(event)
                made += evaluator.advance(to: start + longestFor)
                made += evaluator.finish()
                cells.append(Cell(status: status, errorCode: code, tops: made.map { Top(ruleId: $0.ruleId, forDuration: $0.forDuration) }))
            }
        }
        var exercised = Set<String>()
        for result in RuleTestRunner.run(pack) {
            exercised.formUnion(result.diagnoses.map(\.ruleId))
            if result.diagnoses.isEmpty {
                testsExercisingNoRule.append(IdleTest(name: result.name, location: result.location))
            }
        }
        ruleOrder = pack.rules.map { ($0.id, $0.location) }
        untestedRules = pack.rules.filter { !exercised.contains($0.id) }.map { ($0.id, $0.location) }
    }

    /// Short keys for the matrix: A, B, … Z, AA, AB, … in pack order.
    static func key(_ index: Int) -> String {
        // Bijective base 26, like spreadsheet columns: any number of rules gets a key.
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var n = index + 1
        var key = ""
        while n > 0 {
            n -= 1
            key = String(letters[n % 26]) + key
            n /= 26
        }
        return key
    }

    public var text: String {
        var keyOf: [String: String] = [:]
        for (i, r) in ruleOrder.enumerated() { keyOf[r.id] = CoverageReport.key(i) }
        func cellText(_ c: Cell) -> String {
            c.tops.isEmpty ? "." : c.tops.map { keyOf[$0.ruleId, default: "?"] + ($0.forDuration == nil ? "" : "*") }.joined(separator: "+")
        }
        var out = "Coverage: OCPP 1.6 status × error code, one StatusNotification on a fresh connector with no history\n"
        out += "(letter = the rule that gives the top diagnosis; * = a for: rule, once the status has lasted; . = no diagnosis)\n\n"
        let rowWidth = (errorCodes.map(\.count).max() ?? 0) + 2
        let widths = statuses.enumerated().map { i, s in
            max(s.count, errorCodes.indices.map { cellText(cells[$0 * statuses.count + i]).count }.max() ?? 1)
        }
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        out += pad("", rowWidth) + statuses.enumerated().map { pad($1, widths[$0]) }.joined(separator: "  ") + "\n"
        for (r, code) in errorCodes.enumerated() {
            var line = pad(code, rowWidth)
            line += statuses.indices.map { pad(cellText(cells[r * statuses.count + $0]), widths[$0]) }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        let used = Set(cells.flatMap(\.tops).map(\.ruleId))
        out += "\n"
        for (i, r) in ruleOrder.enumerated() where used.contains(r.id) {
            out += "  \(pad(CoverageReport.key(i), 3)) \(r.id)\n"
        }
        out += "\n\(coveredCount) of \(cells.count) cells covered (\(percentText)%)\n"
        out += "\nRules that no test makes the top diagnosis: \(untestedRules.isEmpty ? "none" : String(untestedRules.count))\n"
        for r in untestedRules { out += "  \(r.id) (\(r.location))\n" }
        out += "\nTests that exercise no rule: \(testsExercisingNoRule.isEmpty ? "none" : String(testsExercisingNoRule.count))\n"
        if !testsExercisingNoRule.isEmpty { out += "(expected for tests that prove ordinary traffic stays quiet)\n" }
        for t in testsExercisingNoRule { out += "  \(t.name) (\(t.location))\n" }
        return out
    }

    public var json: String {
        var w = JSONWriter()
        func strings(_ o: inout JSONWriter.ObjectWriter, _ key: String, _ list: [String]) {
            o.key(key)
            o.writer.raw("[")
            for (i, s) in list.enumerated() {
                if i > 0 { o.writer.raw(",") }
                o.writer.string(s)
            }
            o.writer.raw("]")
        }
        func location(_ o: inout JSONWriter.ObjectWriter, _ l: SourceLocation) {
            o.object("location") { x in
                x.string("file", l.file)
                x.int("line", l.line)
                x.int("column", l.column)
            }
        }
        w.object { o in
            strings(&o, "statuses", statuses)
            strings(&o, "errorCodes", errorCodes)
            o.objects("cells", cells) { x, c in
                x.string("status", c.status)
                x.string("errorCode", c.errorCode)
                x.bool("covered", c.covered)
                x.objects("rules", c.tops) { y, t in
                    y.string("ruleId", t.ruleId)
                    y.string("for", t.forDuration?.description)
                }
            }
            o.int("covered", coveredCount)
            o.int("total", cells.count)
            o.number("percent", (percentCovered * 10).rounded() / 10)
            o.objects("untestedRules", untestedRules) { x, r in
                x.string("ruleId", r.id)
                location(&x, r.location)
            }
            o.objects("testsExercisingNoRule", testsExercisingNoRule) { x, t in
                x.string("name", t.name)
                location(&x, t.location)
            }
        }
        return w.text
    }
}
