/// `--format html`: one self-contained page, diagnoses grouped per connector, then the summary.
enum HTMLReport {
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static func render(diagnoses: [Diagnosis], summary: AnalysisSummary) -> String {
        var out = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>ocpp-diag report</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
            .critical{color:#a00;font-weight:bold}.high{color:#c50}</style></head><body>
            <h1>ocpp-diag report</h1>

            """
        for incident in Incident.group(diagnoses) {
            let title = incident.title
            out += "<h2>\(escape(title))</h2>\n<table><tr><th>time</th><th>severity</th><th>action</th><th>command</th><th>rule</th><th>message</th><th>source</th></tr>\n"
            for d in incident.diagnoses {
                out += "<tr><td>\(d.timestamp.iso8601)</td><td class=\"\(d.severity.rawValue)\">\(d.severity.rawValue)</td>"
                out += "<td>\(d.action.rawValue)</td><td><code>\(escape(d.ocppCommand?.jsonText ?? ""))</code></td><td>\(escape(d.ruleId))</td><td>\(escape(d.message ?? d.cause))</td>"
                out += "<td>\(escape(d.trigger.source.description))</td></tr>\n"
            }
            out += "</table>\n"
        }
        out += "<h2>Summary</h2>\n<pre>\(escape(SummaryText.render(summary)))</pre>\n</body></html>\n"
        return out
    }
}
