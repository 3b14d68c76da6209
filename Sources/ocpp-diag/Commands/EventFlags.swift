import ArgumentParser
import Foundation
import OCPPDiagnostics

/// One event described on the command line, with an optional history log: the flags
/// `diagnose` and `explain` share.
struct EventFlags: ParsableArguments {
    @Option(help: "The connector status, e.g. Faulted.") var status: String?
    @Option(name: .customLong("error-code"), help: "The OCPP error code (default NoError).") var errorCode: String?
    @Option(name: .customLong("vendor-id")) var vendorId: String?
    @Option(name: .customLong("vendor-error-code")) var vendorErrorCode: String?
    @Option var info: String?
    @Option(name: .customLong("connector-id"), help: "Default 1.") var connectorId: Int = 1
    @Option(name: .customLong("charge-point"), help: "Default: the history's charge point, else CP.") var chargePoint: String?
    @Option(help: ArgumentHelp("The event's time (ISO 8601); default: the last history event's time, else now.", valueName: "time"))
    var at: Timestamp?
    @Option(help: ArgumentHelp("The event as JSON: a flat status record, a wrapped frame, or an OCPP-J frame as logged ([2,\"id\",\"StatusNotification\",{…}]).", valueName: "json"))
    var event: String?
    @Flag(help: "Accept a --status or --error-code outside the OCPP vocabulary (as some chargers send).")
    var nonstandard = false
    @Option(help: ArgumentHelp("A log with this charger's earlier events.", valueName: "file"))
    var history: String?

    var describesEvent: Bool { event != nil || status != nil }

    func validate() throws {
        // OCPP's integers are 32-bit, and a connector id is never negative.
        guard (0...Int(Int32.max)).contains(connectorId) else {
            throw ValidationError("--connector-id must be between 0 and \(Int32.max), not \(connectorId)")
        }
    }

    /// The history log's events up to `--at`, of the chosen charge point, with whether each arrived late.
    func pastEvents(options base: AnalysisOptions = AnalysisOptions()) throws -> [(Event, Bool)] {
        var options = base
        options.defaultChargePointId = chargePoint
        var past: [(Event, Bool)] = []
        if let history {
            past = try EventFlags.read(history, options: options)
        }
        // With --at, the history is what happened up to that moment (the log may go on past it).
        if let at { past.removeAll { $0.0.timestamp > at } }
        if let chargePoint { past.removeAll { $0.0.chargePointId != chargePoint } }
        return past
    }

    /// Every event of a log, in the order `analyze` evaluates them.
    static func read(_ path: String, options: AnalysisOptions = AnalysisOptions()) throws -> [(Event, Bool)] {
        var events: [(Event, Bool)] = []
        do {
            _ = try Analysis.readEvents(inputs: [LogInput(path: path)], options: options) { events.append(($0, $1)) }
        } catch {
            throw error.cliError
        }
        return events
    }

    func buildEvent(after last: Event?) throws -> Event {
        let time = at ?? last?.timestamp ?? Timestamp(millisecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1000))
        let cp = chargePoint ?? last?.chargePointId ?? "CP"
        let source = SourceRef(file: "<event>", line: 1)
        if let event {
            let parsed = try? JSONParser.parse(event)
            var line: [(String, JSONValue)]
            switch parsed {
            case .object(let members)?: line = members
            case .array?: line = [("message", parsed!)]  // a bare frame, as pasted from a log
            default:
                throw CLIError(code: 2, message: "--event: expected a JSON object (a status record or wrapped frame) or an OCPP-J frame [2, …]")
            }
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
        // A typo here would quietly change the diagnosis: say so, as lint does for rules.
        if !nonstandard {
            for (flag, value, words) in [("--status", status, OCPPVocabulary.statuses), ("--error-code", Optional(code), OCPPVocabulary.errorCodes)] {
                guard let value, !words.contains(value) else { continue }
                let hint = Suggestion.didYouMean(value, in: words).map { "; \($0)" } ?? ""
                throw CLIError(code: 2, message: "\(flag): unknown value '\(value)'\(hint) (--nonstandard accepts it as is)")
            }
        }
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
