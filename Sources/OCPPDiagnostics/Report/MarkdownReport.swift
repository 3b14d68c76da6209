import Foundation

/// `--format markdown`: a table per connector, for tickets and chat.
enum MarkdownReport {
    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }

    static func render(diagnoses: [Diagnosis], summary: AnalysisSummary) -> String {
        var out = "# ocpp-diag report\n\n"
        for incident in Incident.group(diagnoses) {
            let title = incident.title
            out += "## \(title)\n\n| time | severity | action | command | rule | message | source |\n|---|---|---|---|---|---|---|\n"
            for d in incident.diagnoses {
                out += "| \(d.timestamp.iso8601) | \(d.severity.rawValue) | \(d.action.rawValue) | \(d.ocppCommand.map { "`\(cell($0.jsonText))`" } ?? "") | \(cell(d.ruleId)) | \(cell(d.message ?? d.cause)) | \(cell(d.trigger.source.description)) |\n"
            }
            out += "\n"
        }
        out += "```\n" + SummaryText.render(summary) + "```\n"
        return out
    }
}
