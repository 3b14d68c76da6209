import ArgumentParser
import OCPPDiagnostics

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show why each rule did or did not match one event, and how the matches were ranked.",
        discussion: """
            Give the event as for diagnose (--status, --error-code, … or --event JSON, with an optional \
            --history log), or pick it from a log with --log FILE --line N: the log is replayed up to that \
            event, so history clauses see exactly what analyze would. Every condition is shown PASS or FAIL \
            with the value the event had; each history clause with the events that satisfied it or how \
            close it came; for: rules with their timer; and the ranking with the reason for its order. \
            The evaluation is the engine's own, not a re-implementation.
            """)

    @OptionGroup var rules: RulesOption
    @OptionGroup var eventFlags: EventFlags
    @OptionGroup var input: InputOptions

    @Option(help: ArgumentHelp("Pick the event from this log (with --line); the log up to it is its history.", valueName: "file"))
    var log: String?

    @Option(help: ArgumentHelp("The line of --log that holds the event (1-based).", valueName: "n"))
    var line: Int?

    @Option(name: .customLong("rule"), help: ArgumentHelp("Show only this rule's evaluation (repeatable); the ranking stays complete.", valueName: "id"))
    var onlyRules: [String] = []

    @Flag(help: "Print the explanation as one JSON object.") var json = false

    func validate() throws {
        if (log == nil) != (line == nil) { throw ValidationError("--log and --line go together") }
        if log != nil && (eventFlags.describesEvent || eventFlags.history != nil) {
            throw ValidationError("give the event either with --log FILE --line N or with --status/--event (and --history), not both")
        }
        if log == nil && !eventFlags.describesEvent {
            throw ValidationError("give the event with --status (and --error-code, …), --event JSON, or --log FILE --line N")
        }
    }

    func run() throws {
        let pack = try rules.load()
        let ids = pack.rules.map(\.id)
        for id in onlyRules where !ids.contains(id) {
            let hint = Suggestion.didYouMean(id, in: ids).map { "; \($0)" } ?? ""
            throw CLIError(code: 2, message: "--rule: no rule has id '\(id)'\(hint)")
        }
        let evaluator = Evaluator(pack: pack)
        var explanation: Explanation
        var later: [Diagnosis] = []
        if let log, let line {
            var options = AnalysisOptions()
            input.apply(to: &options)
            options.defaultChargePointId = eventFlags.chargePoint
            let events = try EventFlags.read(log, options: options)
            guard let index = events.firstIndex(where: { $0.0.source.line == line }) else {
                let last = events.map(\.0.source.line).max() ?? 0
                if line > last {
                    throw CLIError(code: 2, message: "\(log) has no event at line \(line); its last event is at line \(last)")
                }
                throw CLIError(code: 2, message: "line \(line) of \(log) carries no event (blank, unreadable or not an OCPP message)")
            }
            for (e, late) in events[..<index] { evaluator.process(e, late: late) }
            let (target, late) = events[index]
            explanation = evaluator.explain(target, late: late)
            // Replay the rest, to tell what became of the for: timers this event started.
            var made: [Diagnosis] = []
            for (e, late) in events[(index + 1)...] { made += evaluator.process(e, late: late) }
            made += evaluator.finish()
            later = made.filter { $0.trigger.source == target.source && $0.forDuration != nil }
        } else {
            var options = AnalysisOptions()
            input.apply(to: &options)
            let past = try eventFlags.pastEvents(options: options)
            let target = try eventFlags.buildEvent(after: past.last?.0)
            for (e, late) in past { evaluator.process(e, late: late) }
            explanation = evaluator.explain(target)
        }
        if !onlyRules.isEmpty {
            explanation.rules.removeAll { !onlyRules.contains($0.ruleId) }
            explanation.notConsidered.removeAll { !onlyRules.contains($0) }
        }
        if json {
            var text = explanation.json
            if log != nil {
                text = String(text.dropLast()) + ",\"laterDiagnoses\":[" + later.map(\.jsonRecord).joined(separator: ",") + "]}"
            }
            Output.out(text + "\n")
            return
        }
        Output.out(explanation.text)
        if log != nil && explanation.rules.contains(where: { if case .started = $0.timer { true } else { false } }) {
            if later.isEmpty {
                Output.out("\nLater in the log: no for: timer of this event fired (the status changed first, or the log ends before).\n")
            } else {
                Output.out("\nLater in the log:\n")
                for d in later {
                    Output.out("  \(d.ruleId) fired at \(d.timestamp.iso8601) → \(d.action.rawValue) (\(d.severity.rawValue))\n")
                }
            }
        }
    }
}
