/// Output formats of `analyze`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, json, jsonl, csv, markdown, html

    /// Whether records are written one by one as they are made (no buffering of the run).
    public var isStreaming: Bool { self == .jsonl }
}

/// Renders a finished run (all diagnoses and the summary) in one of the grouped formats.
public enum ReportRenderer {
    public static func render(_ format: ReportFormat, diagnoses: [Diagnosis], summary: AnalysisSummary) -> String {
        switch format {
        case .jsonl: return diagnoses.map { $0.jsonRecord + "\n" }.joined()
        case .json: return JSONReport.render(diagnoses: diagnoses, summary: summary)
        case .table: return TableReport.render(diagnoses: diagnoses, summary: summary)
        case .csv: return CSVReport.render(diagnoses: diagnoses)
        case .markdown: return MarkdownReport.render(diagnoses: diagnoses, summary: summary)
        case .html: return HTMLReport.render(diagnoses: diagnoses, summary: summary)
        }
    }
}

/// Diagnoses grouped by charge point and connector, in time order within each group.
struct Incident {
    var chargePointId: String
    var connectorId: Int?
    var diagnoses: [Diagnosis]

    static func group(_ diagnoses: [Diagnosis]) -> [Incident] {
        var order: [String] = []
        var groups: [String: Incident] = [:]
        for d in diagnoses {
            let key = "\(d.chargePointId)\u{0}\(d.connectorId.map(String.init) ?? "-")"
            if groups[key] == nil {
                order.append(key)
                groups[key] = Incident(chargePointId: d.chargePointId, connectorId: d.connectorId, diagnoses: [])
            }
            groups[key]!.diagnoses.append(d)
        }
        return order.map { groups[$0]! }.sorted {
            ($0.chargePointId, $0.connectorId ?? -1) < ($1.chargePointId, $1.connectorId ?? -1)
        }.map { var i = $0; i.diagnoses.sort { $0.timestamp < $1.timestamp }; return i }
    }
}
