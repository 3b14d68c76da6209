import ArgumentParser
import Foundation
import OCPPDiagnostics

struct Diagnose: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Diagnose one status event, optionally with the charger's recent log as history.",
        discussion: """
            Describe the event with flags (--status, --error-code, …) or pass it as JSON with --event \
            (a flat status record or a wrapped frame). With --history, the log's events are replayed \
            first, so rules that look back (resets tried, earlier faults) see them.
            """)

    @OptionGroup var rules: RulesOption
    @OptionGroup var input: InputOptions

    @OptionGroup var eventFlags: EventFlags
    @Flag(help: "Print the diagnosis records as a JSON array.") var json = false

    func validate() throws {
        if !eventFlags.describesEvent {
            throw ValidationError("give the event with --status (and --error-code, …) or --event JSON")
        }
    }

    func run() throws {
        let pack = try rules.load()
        var options = AnalysisOptions()
        input.apply(to: &options)
        let past = try eventFlags.pastEvents(options: options)
        let target = try eventFlags.buildEvent(after: past.last?.0)
        let evaluator = Evaluator(pack: pack)
        for (e, late) in past { evaluator.process(e, late: late) }
        var made = evaluator.process(target)
        made += evaluator.finish()
        let relevant = made.filter { $0.chargePointId == target.chargePointId && $0.connectorId == target.connectorId }
            .sorted { a, b in (a.trigger.source == target.source ? 0 : 1) < (b.trigger.source == target.source ? 0 : 1) }
        if json {
            Output.out("[" + relevant.map(\.jsonRecord).joined(separator: ",\n") + "]\n")
            return
        }
        guard !relevant.isEmpty else {
            Output.out("No rule matched \(target.chargePointId)/\(target.connectorId.map(String.init) ?? "-") \(target.status ?? target.type)\(target.errorCode.map { "/\($0)" } ?? "").\n")
            return
        }
        for d in relevant {
            Output.out("\(d.severity.rawValue.uppercased())  \(d.action.rawValue)  (\(d.ruleId))\n")
            Output.out("  cause:   \(d.cause)\n")
            if let m = d.message { Output.out("  message: \(m)\n") }
            if let c = d.ocppCommand { Output.out("  command: \(c.jsonText)\n") }
            if !d.evidence.isEmpty { Output.out("  evidence: \(d.evidence.map { $0.source.description }.joined(separator: ", "))\n") }
            for a in d.alternatives { Output.out("  also:    \(a.ruleId) → \(a.action.rawValue) (\(a.severity.rawValue))\n") }
        }
    }
}
