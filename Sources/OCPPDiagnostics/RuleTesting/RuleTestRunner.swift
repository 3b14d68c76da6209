/// The outcome of one rule test.
public struct RuleTestResult: Sendable {
    public var name: String
    public var location: SourceLocation
    public var failures: [String]
    /// Every diagnosis the test's events produced, in the order made.
    public var diagnoses: [Diagnosis]
    /// For each diagnosis, the index of its trigger event in the test.
    public var triggerIndices: [Int]

    public var passed: Bool { failures.isEmpty }
}

/// Runs rule tests (DESIGN §6) through the same ``Evaluator`` that `analyze` uses.
public enum RuleTestRunner {
    public static func run(_ pack: RulePack) -> [RuleTestResult] {
        pack.tests.map { run($0, pack: pack) }
    }

    public static func run(_ test: RuleTest, pack: RulePack) -> RuleTestResult {
        let evaluator = Evaluator(pack: pack)
        // Tag each event with its index so diagnoses can be traced to their trigger.
        let indexed = test.events.enumerated().map { i, e -> Event in
            var tagged = e
            tagged.uniqueId = String(i)
            return tagged
        }
        let ordered = indexed.enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element)
        var diagnoses: [Diagnosis] = []
        for e in ordered { diagnoses += evaluator.process(e) }
        diagnoses += evaluator.finish()
        let indices = diagnoses.map { Int($0.trigger.uniqueId ?? "") ?? -1 }

        var failures: [String] = []
        var explained = Set<Int>()
        for exp in test.expectations {
            let candidates = diagnoses.indices.filter { indices[$0] == exp.event }
            if let hit = candidates.first(where: { matches(diagnoses[$0], exp) }) {
                explained.insert(hit)
                continue
            }
            let wanted = describe(exp)
            if candidates.isEmpty {
                failures.append("event \(exp.event): expected \(wanted), but nothing was diagnosed")
            } else {
                let got = candidates.map { describe(diagnoses[$0]) }.joined(separator: "; ")
                failures.append("event \(exp.event): expected \(wanted), but diagnosed \(got)")
            }
        }
        if test.expectNoOtherDiagnoses {
            for i in diagnoses.indices where !explained.contains(i) {
                failures.append("event \(indices[i]): unexpected diagnosis \(describe(diagnoses[i]))")
            }
        }
        return RuleTestResult(name: test.name, location: test.location, failures: failures, diagnoses: diagnoses, triggerIndices: indices)
    }

    static func matches(_ d: Diagnosis, _ e: RuleTest.Expectation) -> Bool {
        if let r = e.ruleId, r != d.ruleId { return false }
        if let a = e.action, a != d.action { return false }
        if let s = e.severity, s != d.severity { return false }
        if let m = e.message, m != d.message { return false }
        return true
    }

    static func describe(_ e: RuleTest.Expectation) -> String {
        var parts: [String] = []
        if let r = e.ruleId { parts.append("rule '\(r)'") }
        if let a = e.action { parts.append("action \(a.rawValue)") }
        if let s = e.severity { parts.append("severity \(s.rawValue)") }
        if let m = e.message { parts.append("message '\(m)'") }
        return parts.isEmpty ? "a diagnosis" : parts.joined(separator: ", ")
    }

    static func describe(_ d: Diagnosis) -> String {
        var text = "rule '\(d.ruleId)', action \(d.action.rawValue), severity \(d.severity.rawValue)"
        if let m = d.message { text += ", message '\(m)'" }
        if d.forDuration != nil { text += " at \(d.timestamp.iso8601)" }
        return text
    }
}
