import Foundation

/// `--format csv`: one row per diagnosis (RFC 4180 quoting).
enum CSVReport {
    static let header = ["timestamp", "chargePointId", "connectorId", "ruleId", "action", "severity", "cause", "message",
                         "triggerStatus", "triggerErrorCode", "vendorErrorCode", "source", "alternatives", "ocppCommand"]

    static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func render(diagnoses: [Diagnosis]) -> String {
        var out = header.joined(separator: ",") + "\n"
        for d in diagnoses {
            let row = [
                d.timestamp.iso8601, d.chargePointId, d.connectorId.map(String.init) ?? "", d.ruleId, d.action.rawValue,
                d.severity.rawValue, d.cause, d.message ?? "", d.trigger.status ?? "", d.trigger.errorCode ?? "",
                d.trigger.vendorErrorCode ?? "", d.trigger.source.description, d.alternatives.map(\.ruleId).joined(separator: " "),
                d.ocppCommand?.jsonText ?? "",
            ]
            out += row.map(field).joined(separator: ",") + "\n"
        }
        return out
    }
}
