/// The default, human-readable report: diagnoses grouped per connector, then the accounting.
enum TableReport {
    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static func render(diagnoses: [Diagnosis], summary: AnalysisSummary) -> String {
        var out = ""
        let incidents = Incident.group(diagnoses)
        if incidents.isEmpty { out += "No diagnoses.\n\n" }
        for incident in incidents {
            out += "\(incident.title) — \(incident.diagnoses.count) diagnos\(incident.diagnoses.count == 1 ? "is" : "es")\n"
            for d in incident.diagnoses {
                out += "  \(d.timestamp.iso8601)  \(pad(d.severity.rawValue.uppercased(), 8)) \(pad(d.action.rawValue, 19)) \(d.ruleId)\n"
                out += "      \(d.message ?? d.cause)\n"
                var trig = "      trigger: \(d.trigger.type)"
                if let s = d.trigger.status { trig += " \(s)" }
                if let e = d.trigger.errorCode, e != "NoError" { trig += "/\(e)" }
                if let v = d.trigger.vendorErrorCode { trig += " vendor \(v)" }
                trig += " at \(d.trigger.source)"
                out += trig + "\n"
                if let cmd = d.ocppCommand { out += "      command: \(cmd.jsonText)\n" }
                if !d.alternatives.isEmpty {
                    out += "      also matched: \(d.alternatives.map { "\($0.ruleId) (\($0.action.rawValue))" }.joined(separator: ", "))\n"
                }
            }
            out += "\n"
        }
        out += SummaryText.render(summary)
        return out
    }
}

/// The accounting summary as text, shared by the table and markdown reports.
enum SummaryText {
    static func render(_ s: AnalysisSummary) -> String {
        var out = "Summary\n"
        out += "  lines read     \(s.linesRead)\n"
        out += "  lines used     \(s.linesUsed)\n"
        out += "  lines skipped  \(s.totalSkipped)"
        if !s.linesSkipped.isEmpty {
            out += " (" + s.linesSkipped.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")"
        }
        out += "\n"
        out += "  events         \(s.events) from \(s.chargePoints) charge point\(s.chargePoints == 1 ? "" : "s")"
        if let from = s.from, let to = s.to { out += ", \(from.iso8601) to \(to.iso8601)" }
        out += "\n"
        var notes: [String] = []
        if s.lateEvents > 0 { notes.append("\(s.lateEvents) late") }
        if s.untimedEvents > 0 { notes.append("\(s.untimedEvents) untimed") }
        if s.clockSkew > 0 { notes.append("\(s.clockSkew) with the charger's clock off (clock skew)") }
        if s.uncorrelatedAnswers > 0 { notes.append("\(s.uncorrelatedAnswers) answers without their call") }
        if s.historyEvictions > 0 { notes.append("\(s.historyEvictions) history evictions") }
        if !notes.isEmpty { out += "  notes          \(notes.joined(separator: ", "))\n" }
        out += "  diagnoses      \(s.diagnoses)"
        if !s.bySeverity.isEmpty {
            out += " — " + Severity.allCases.reversed().compactMap { sev in s.bySeverity[sev].map { "\(sev.rawValue) \($0)" } }.joined(separator: ", ")
        }
        out += "\n"
        if !s.byAction.isEmpty {
            out += "  by action      " + Action.allCases.compactMap { a in s.byAction[a].map { "\(a.rawValue) \($0)" } }.joined(separator: ", ") + "\n"
        }
        out += "  rules          \(s.rulesetHash)\n"
        return out
    }
}
