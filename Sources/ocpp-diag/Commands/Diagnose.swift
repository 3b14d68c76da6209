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

    @Option(help: "The connector status, e.g. Faulted.") var status: String?
    @Option(name: .customLong("error-code"), help: "The OCPP error code (default NoError).") var errorCode: String?
    @Option(name: .customLong("vendor-id")) var vendorId: String?
    @Option(name: .customLong("vendor-error-code")) var vendorErrorCode: String?
    @Option var info: String?
    @Option(name: .customLong("connector-id"), help: "Default 1.") var connectorId: Int = 1
    @Option(name: .customLong("charge-point"), help: "Default: the history's charge point, else CP.") var chargePoint: String?
    @Option(help: ArgumentHelp("The event's time (ISO 8601); default: the last history event's time, else now.", valueName: "time"))
    var at: Timestamp?
    @Option(help: ArgumentHelp("The event as one JSON line (flat status record or wrapped frame).", valueName: "json"))
    var event: String?
    @Option(help: ArgumentHelp("A log with this charger's earlier events.", valueName: "file"))
    var history: String?
    @Flag(help: "Print the diagnosis records as a JSON array.") var json = false

    func validate() throws {
        if event == nil && status == nil {
            throw ValidationError("give the event with --status (and --error-code, …) or --event JSON")
        }
    }

    func run() throws {
        let pack = try rules.load()
        var options = AnalysisOptions()
        options.defaultChargePointId = chargePoint
        input.apply(to: &options)
        var past: [(Event, Bool)] = []
        if let history {
            do {
                _ = try Analysis.readEvents(inputs: [LogInput(path: history)], options: options) { past.append(($0, $1)) }
            } catch {
                throw error.cliError
            }
        }
        // With --at, the history is what happened up to that moment (the log may go on past it).
        if let at { past.removeAll { $0.0.timestamp > at } }
        if let chargePoint { past.removeAll { $0.0.chargePointId != chargePoint } }
        let target = try buildEvent(after: past.last?.0)
        let evaluator = Evaluator(pack: pack)
        for (e, late) in past { _ = late ? evaluator.processLate(e) : evaluator.process(e) }
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

    func buildEvent(after last: Event?) throws -> Event {
        let time = at ?? last?.timestamp ?? Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000))
        let cp = chargePoint ?? last?.chargePointId ?? "CP"
        let source = SourceRef(file: "<event>", line: 1)
        if let event {
            guard case .object(let members)? = try? JSONParser.parse(event) else {
                throw CLIError(code: 2, message: "--event: expected a JSON object")
            }
            var line = members
            if !line.contains(where: { ["timestamp", "time", "ts"].contains($0.0) }) { line.append(("timestamp", .string(time.iso8601))) }
            if !line.contains(where: { ["chargePointId", "chargeBoxId", "stationId", "identity"].contains($0.0) }) { line.append(("chargePointId", .string(cp))) }
            var e: Event
            switch Analysis.event(fromJSONLine: JSONValue.object(line).jsonText, file: source.file) {
            case .success(let decoded): e = decoded
            case .failure(let skipped): throw CLIError(code: 2, message: "--event: \(skipped.reason.rawValue): \(skipped.detail)")
            }
            e.source = source
            return e
        }
        let code = errorCode ?? "NoError"
        var payload: [(String, JSONValue)] = [("connectorId", .number(Double(connectorId))), ("errorCode", .string(code))]
        if let status { payload.append(("status", .string(status))) }
        if let info { payload.append(("info", .string(info))) }
        if let vendorId { payload.append(("vendorId", .string(vendorId))) }
        if let vendorErrorCode { payload.append(("vendorErrorCode", .string(vendorErrorCode))) }
        return Event(timestamp: time, chargePointId: cp, connectorId: connectorId, type: "StatusNotification",
                     status: status, errorCode: code, vendorId: vendorId, vendorErrorCode: vendorErrorCode, info: info,
                     payload: .object(payload), source: source)
    }
}
