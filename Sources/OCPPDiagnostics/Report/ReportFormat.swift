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

/// The diagnoses of one connector episode (DESIGN §2): from its first diagnosis until the
/// connector reports `Available` or `Charging` again, in time order. Diagnoses without a
/// connector form one incident per charge point.
struct Incident {
    var chargePointId: String
    var connectorId: Int?
    var diagnoses: [Diagnosis]

    static func group(_ diagnoses: [Diagnosis]) -> [Incident] {
        struct Key: Hashable {
            var chargePointId: String
            var connectorId: Int?
            var episode: Int
        }
        var order: [Key] = []
        var groups: [Key: [Diagnosis]] = [:]
        for d in diagnoses {
            let key = Key(chargePointId: d.chargePointId, connectorId: d.connectorId, episode: d.episode)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(d)
        }
        return order.map { key in
            Incident(chargePointId: key.chargePointId, connectorId: key.connectorId,
                     diagnoses: groups[key]!.sorted { $0.timestamp < $1.timestamp })
        }.sorted {
            ($0.chargePointId, connectorOrder($0.connectorId).0, connectorOrder($0.connectorId).1, $0.diagnoses[0].timestamp)
                < ($1.chargePointId, connectorOrder($1.connectorId).0, connectorOrder($1.connectorId).1, $1.diagnoses[0].timestamp)
        }
    }

    /// `CP-1 connector 2, 08:00:00Z to 09:12:00Z` (or `CP-1 (charge point), …`), shared by the reports.
    var title: String {
        let place = connectorId.map { "\(chargePointId) connector \($0)" } ?? "\(chargePointId) (charge point)"
        let first = diagnoses[0].timestamp.iso8601, last = diagnoses[diagnoses.count - 1].timestamp.iso8601
        return first == last ? "\(place), \(first)" : "\(place), \(first) to \(last)"
    }
}
