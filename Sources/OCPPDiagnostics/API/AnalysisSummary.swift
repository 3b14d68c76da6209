/// The accounting of a run (DESIGN §5): every line read is used or skipped for a reason.
public struct AnalysisSummary: Sendable {
    public var linesRead = 0
    public var linesUsed = 0
    public var linesSkipped: [SkipReason: Int] = [:]
    public var events = 0
    public var lateEvents = 0
    public var untimedEvents = 0
    /// Events whose payload time (the charger's clock, `reportedAt`) disagrees wildly with the log
    /// time: before 2000, or more than ``ClockSkew/tolerance`` away. Never used for ordering.
    public var clockSkew = 0
    public var uncorrelatedAnswers = 0
    public var historyEvictions = 0
    public var chargePoints = 0
    public var from: Timestamp?
    public var to: Timestamp?
    public var diagnoses = 0
    public var byAction: [Action: Int] = [:]
    public var bySeverity: [Severity: Int] = [:]
    public var rulesetHash = ""
    /// The latest log time read, including lines of other shards: where `for:` timers end.
    var latestSeen: Timestamp?
    /// The first few skipped lines of each reason, for the user to look at.
    public var samples: [SkippedLine] = []

    public var totalSkipped: Int { linesSkipped.values.reduce(0, +) }
    /// `linesRead = linesUsed + Σ linesSkipped` — true for every finished run.
    public var balances: Bool { linesRead == linesUsed + totalSkipped }

    public init() {}

    mutating func count(_ d: Diagnosis) {
        diagnoses += 1
        byAction[d.action, default: 0] += 1
        bySeverity[d.severity, default: 0] += 1
    }

    public var jsonObject: String {
        var w = JSONWriter()
        w.object { o in
            o.int("linesRead", linesRead)
            o.int("linesUsed", linesUsed)
            o.object("linesSkipped") { s in
                for (reason, n) in linesSkipped.sorted(by: { $0.key < $1.key }) { s.int(reason.rawValue, n) }
            }
            o.int("events", events)
            o.int("lateEvents", lateEvents)
            o.int("untimedEvents", untimedEvents)
            o.int("clockSkew", clockSkew)
            o.int("uncorrelatedAnswers", uncorrelatedAnswers)
            o.int("historyEvictions", historyEvictions)
            o.int("chargePoints", chargePoints)
            o.string("from", from?.iso8601)
            o.string("to", to?.iso8601)
            o.int("diagnoses", diagnoses)
            o.object("byAction") { a in
                for action in Action.allCases { if let n = byAction[action] { a.int(action.rawValue, n) } }
            }
            o.object("bySeverity") { s in
                for sev in Severity.allCases.reversed() { if let n = bySeverity[sev] { s.int(sev.rawValue, n) } }
            }
            o.string("rulesetHash", rulesetHash)
        }
        return w.text
    }

    /// The accounting of a run made of shards: each line is used or skipped by exactly one
    /// shard (the others count it as `other-shard`, dropped here unless `keepOtherShard`).
    static func merging(_ parts: [AnalysisSummary], keepOtherShard: Bool, samplesPerReason: Int) -> AnalysisSummary {
        guard parts.count > 1 || keepOtherShard else {
            var only = parts.first ?? AnalysisSummary()
            only.linesSkipped[.otherShard] = nil
            return only
        }
        var m = AnalysisSummary()
        m.linesRead = parts.map(\.linesRead).max() ?? 0
        for p in parts {
            m.linesUsed += p.linesUsed
            for (reason, n) in p.linesSkipped where reason != .otherShard || keepOtherShard {
                m.linesSkipped[reason, default: 0] += n
            }
            m.events += p.events
            m.lateEvents += p.lateEvents
            m.untimedEvents += p.untimedEvents
            m.uncorrelatedAnswers += p.uncorrelatedAnswers
            m.clockSkew += p.clockSkew
            m.chargePoints += p.chargePoints
            if let f = p.from, m.from == nil || f < m.from! { m.from = f }
            if let t = p.to, m.to == nil || t > m.to! { m.to = t }
            if let t = p.latestSeen, m.latestSeen == nil || t > m.latestSeen! { m.latestSeen = t }
        }
        if keepOtherShard, parts.count == 1 { m.linesSkipped = parts[0].linesSkipped }
        var taken: [SkipReason: Int] = [:]
        for sample in parts.flatMap(\.samples).sorted(by: { ($0.readOrder, $0.source.line) < ($1.readOrder, $1.source.line) })
        where taken[sample.reason, default: 0] < samplesPerReason {
            taken[sample.reason, default: 0] += 1
            m.samples.append(sample)
        }
        return m
    }
}
