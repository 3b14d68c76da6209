/// Text and JSON forms of an ``Explanation`` (the `explain` command's output).
extension Explanation {
    static func describe(_ e: Event) -> String {
        var what = e.type
        if e.messageType != .call { what += " \(e.messageType.rawValue)" }
        if let s = e.status { what += " \(s)" + (e.errorCode.map { "/\($0)" } ?? "") }
        if let v = e.vendorErrorCode { what += " vendor code \(v)" }
        return what
    }

    /// A report for people: matching rules first (with every condition), then the others, then the ranking.
    public var text: String {
        var out = ""
        let connector = event.connectorId.map(String.init) ?? "-"
        out += "Event: \(Explanation.describe(event)) on \(event.chargePointId)/\(connector) at \(event.timestamp.iso8601) (\(event.source))\n"
        if late { out += "  evaluated as a late event: no for: timers, no status change\n" }
        if event.isStatus {
            if let p = previousStatus {
                out += "  previous status: \(p.status ?? "?")/\(p.errorCode ?? "-") at \(p.timestamp.iso8601) (\(p.source))"
            } else {
                out += "  previous status: none (fresh connector)"
            }
            if let changed = statusChanged { out += "; statusChanged: \(changed)" }
            out += "\n"
        }
        // Matching rules in rank order (then matching for: rules), then the rest in pack order.
        let rank = Dictionary(uniqueKeysWithValues: ranking.enumerated().map { ($1.ruleId, $0) })
        let matched = rules.filter(\.matched).sorted { (rank[$0.ruleId] ?? Int.max, $0.packIndex) < (rank[$1.ruleId] ?? Int.max, $1.packIndex) }
        let unmatched = rules.filter { !$0.matched }
        if rules.isEmpty { out += "\nNo rule is written for \(event.type) events.\n" }
        for r in matched + unmatched { out += "\n" + Explanation.text(r) }
        out += "\nRanking"
        if ranking.isEmpty {
            out += ": no rule without for: matched, so this event gets no immediate diagnosis\n"
        } else {
            out += " (priority, then specificity, then pack order):\n"
            for (i, r) in ranking.enumerated() {
                out += "  \(i + 1). \(r.ruleId) (priority \(r.priority), specificity \(r.specificity))"
                out += i == 0 ? "  ← diagnosis\n" : "  below: \(r.belowPrevious ?? "")\n"
            }
        }
        let timers = rules.filter { if case .started = $0.timer { true } else { false } }
        for r in timers { out += "  \(r.ruleId) (for: \(r.forDuration!)): \(r.timer!.description)\n" }
        if !diagnoses.isEmpty {
            out += "\nDiagnoses made at this event:\n"
            for d in diagnoses {
                out += "  \(d.ruleId) → \(d.action.rawValue) (\(d.severity.rawValue))"
                if d.trigger.source != event.source { out += ", a for: timer of \(d.trigger.source) that came due" }
                out += "\n"
                if let m = d.message { out += "    \(m)\n" }
            }
        }
        if !notConsidered.isEmpty {
            out += "\n\(notConsidered.count) rule\(notConsidered.count == 1 ? "" : "s") not considered (their when names another action): \(notConsidered.joined(separator: ", "))\n"
        }
        return out
    }

    static func text(_ r: RuleTrace) -> String {
        var out = r.matched ? "MATCH     " : "NO MATCH  "
        out += "\(r.ruleId)  priority \(r.priority), specificity \(r.specificity)"
        if let d = r.forDuration { out += ", for: \(d)" }
        out += "  (\(r.location))\n"
        if r.timer == .lateEvent {
            out += "  not evaluated: \(TimerState.lateEvent.description)\n"
            return out
        }
        out += "  when:\(r.when.isEmpty ? " {} (matches every event)" : "")\n"
        for c in r.when {
            let implied = c.implied ? " (implied by status/errorCode)" : ""
            out += "    \(c.passed ? "PASS" : "FAIL") \(c.field): \(c.condition)\(implied)  (actual: \(c.actual ?? "absent"))\n"
        }
        if !r.history.isEmpty {
            out += "  history:\n"
            for h in r.history {
                out += "    \(h.holds ? "PASS" : "FAIL") \(h.clause)\n"
                out += "         \(h.detail)\n"
                let cited = (h.countsTrigger ? ["this event"] : []) + h.evidence.map { $0.source.description }
                if !cited.isEmpty {
                    let more = (h.count ?? 0) - cited.count
                    out += "         " + (h.holds ? "satisfied by" : "found") + ": " + cited.joined(separator: ", ")
                        + (more > 0 ? " and \(more) more" : "") + "\n"
                }
                for c in h.conditions where !c.passed {
                    out += "         FAIL \(c.field): \(c.condition)  (previous had: \(c.actual ?? "absent"))\n"
                }
            }
        }
        if let t = r.timer { out += "  for: \(t.description)\n" }
        if r.matched { out += "  then: \(r.action.rawValue) (\(r.severity.rawValue))\n" }
        return out
    }

    /// The machine form: one JSON object.
    public var json: String {
        var w = JSONWriter()
        func location(_ o: inout JSONWriter.ObjectWriter, _ key: String, _ l: SourceLocation) {
            o.object(key) { x in
                x.string("file", l.file)
                x.int("line", l.line)
                x.int("column", l.column)
            }
        }
        func eventObject(_ o: inout JSONWriter.ObjectWriter, _ key: String, _ e: Event?) {
            guard let e else { o.raw(key, "null"); return }
            o.object(key) { x in
                x.string("timestamp", e.timestamp.iso8601)
                x.string("chargePointId", e.chargePointId)
                x.int("connectorId", e.connectorId)
                x.string("type", e.type)
                x.string("messageType", e.messageType.rawValue)
                x.string("status", e.status)
                x.string("errorCode", e.errorCode)
                x.string("vendorErrorCode", e.vendorErrorCode)
                x.string("info", e.info)
                x.object("source") { s in
                    s.string("file", e.source.file)
                    s.int("line", e.source.line)
                }
            }
        }
        func conditions(_ o: inout JSONWriter.ObjectWriter, _ key: String, _ list: [ConditionTrace]) {
            o.key(key)
            o.writer.raw("[")
            for (i, c) in list.enumerated() {
                if i > 0 { o.writer.raw(",") }
                o.writer.object { x in
                    x.string("field", c.field)
                    x.string("condition", c.condition)
                    x.string("actual", c.actual)
                    x.bool("passed", c.passed)
                    x.bool("implied", c.implied)
                }
            }
            o.writer.raw("]")
        }
        func array<T>(_ o: inout JSONWriter.ObjectWriter, _ key: String, _ items: [T], _ body: (inout JSONWriter.ObjectWriter, T) -> Void) {
            o.key(key)
            o.writer.raw("[")
            for (i, item) in items.enumerated() {
                if i > 0 { o.writer.raw(",") }
                o.writer.object { x in body(&x, item) }
            }
            o.writer.raw("]")
        }
        w.object { o in
            eventObject(&o, "event", self.event)
            o.bool("late", late)
            if let c = statusChanged { o.bool("statusChanged", c) } else { o.raw("statusChanged", "null") }
            eventObject(&o, "previousStatus", previousStatus)
            array(&o, "rules", rules) { x, r in
                x.string("ruleId", r.ruleId)
                x.string("title", r.title)
                location(&x, "location", r.location)
                x.int("priority", r.priority)
                x.int("specificity", r.specificity)
                x.int("packIndex", r.packIndex)
                x.string("for", r.forDuration?.description)
                x.string("action", r.action.rawValue)
                x.string("severity", r.severity.rawValue)
                x.bool("matched", r.matched)
                x.bool("whenHolds", r.whenHolds)
                conditions(&x, "when", r.when)
                array(&x, "history", r.history) { y, h in
                    y.string("clause", h.clause)
                    y.string("scope", h.scope.rawValue)
                    location(&y, "location", h.location)
                    y.bool("holds", h.holds)
                    y.string("detail", h.detail)
                    y.int("count", h.count)
                    y.bool("countsTrigger", h.countsTrigger)
                    array(&y, "evidence", h.evidence) { z, e in
                        z.string("file", e.source.file)
                        z.int("line", e.source.line)
                        z.string("timestamp", e.timestamp.iso8601)
                    }
                    conditions(&y, "previousConditions", h.conditions)
                }
                if let t = r.timer {
                    x.object("timer") { y in
                        switch t {
                        case .started(let deadline):
                            y.string("state", "started")
                            y.string("deadline", deadline.iso8601)
                        case let .alreadyPending(since, deadline, trigger):
                            y.string("state", "pending")
                            y.string("since", since.iso8601)
                            y.string("deadline", deadline.iso8601)
                            y.string("trigger", trigger.description)
                        case .alreadyFired(let status):
                            y.string("state", "fired")
                            y.string("status", status)
                        case .notAStatus: y.string("state", "not-a-status")
                        case .lateEvent: y.string("state", "late-event")
                        }
                        y.string("description", t.description)
                    }
                } else {
                    x.raw("timer", "null")
                }
            }
            array(&o, "ranking", ranking) { x, r in
                x.string("ruleId", r.ruleId)
                x.int("priority", r.priority)
                x.int("specificity", r.specificity)
                x.int("packIndex", r.packIndex)
                x.string("belowPrevious", r.belowPrevious)
            }
            o.string("diagnosis", topRuleId)
            o.key("diagnoses")
            o.writer.raw("[" + diagnoses.map(\.jsonRecord).joined(separator: ",") + "]")
            o.key("notConsidered")
            o.writer.raw("[")
            for (i, id) in notConsidered.enumerated() {
                if i > 0 { o.writer.raw(",") }
                o.writer.string(id)
            }
            o.writer.raw("]")
        }
        return w.text
    }
}
