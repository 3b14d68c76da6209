/// `--format json`: `{"summary": …, "diagnoses": [records]}`.
enum JSONReport {
    static func render(diagnoses: [Diagnosis], summary: AnalysisSummary) -> String {
        var out = "{\"summary\":" + summary.jsonObject + ",\"diagnoses\":["
        for (i, d) in diagnoses.enumerated() {
            if i > 0 { out += "," }
            out += "\n" + d.jsonRecord
        }
        out += diagnoses.isEmpty ? "]}\n" : "\n]}\n"
        return out
    }
}
