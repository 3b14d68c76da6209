/// Replays logs with two rule packs and lists every diagnosis that changes (DESIGN §7
/// `diff`), for reviewing a rule edit. Both runs go through ``Analysis/run``.
///
/// Diagnoses are paired by (charge point, connector, trigger source line, diagnosis
/// time); a pair differs when the rule, action or severity differs.
public struct PackDiff: Sendable {
    public struct Key: Hashable, Comparable, Sendable {
        public var chargePointId: String
        public var connectorId: Int?
        public var trigger: SourceRef
        public var timestamp: Timestamp

        public static func < (a: Key, b: Key) -> Bool {
            (a.timestamp, a.chargePointId, connectorOrder(a.connectorId).0, connectorOrder(a.connectorId).1, a.trigger.file, a.trigger.line)
                < (b.timestamp, b.chargePointId, connectorOrder(b.connectorId).0, connectorOrder(b.connectorId).1, b.trigger.file, b.trigger.line)
        }
    }

    public struct Change: Sendable {
        public enum Kind: String, Sendable { case added, removed, changed }
        public var key: Key
        public var before: Diagnosis?
        public var after: Diagnosis?

        public var kind: Kind { before == nil ? .added : after == nil ? .removed : .changed }

        /// The rule pair this change belongs to, for grouping: `a → b`, `+ b`, `- a`.
        public var group: String {
            switch kind {
            case .added: return "+ \(after!.ruleId)"
            case .removed: return "- \(before!.ruleId)"
            case .changed: return before!.ruleId == after!.ruleId ? before!.ruleId : "\(before!.ruleId) → \(after!.ruleId)"
            }
        }
    }

    public var changes: [Change] = []
    public var unchanged = 0
    public var oldHash = ""
    public var newHash = ""

    public var hasChanges: Bool { !changes.isEmpty }

    /// Changes grouped by rule pair, largest group first.
    public var groups: [(group: String, changes: [Change])] {
        Dictionary(grouping: changes, by: \.group)
            .map { ($0.key, $0.value) }
            .sorted { ($1.1.count, $0.0) < ($0.1.count, $1.0) }
    }

    public init() {}

    public static func run(inputs: [LogInput], old: RulePack, new: RulePack, options: AnalysisOptions = AnalysisOptions()) throws(InputError) -> PackDiff {
        func collect(_ pack: RulePack) throws(InputError) -> [Key: [Diagnosis]] {
            var out: [Key: [Diagnosis]] = [:]
            _ = try Analysis.run(inputs: inputs, pack: pack, options: options) { d in
                out[key(d), default: []].append(d)
            }
            return out
        }
        let before = try collect(old), after = try collect(new)
        var diff = PackDiff()
        diff.oldHash = old.hash
        diff.newHash = new.hash
        for k in Set(before.keys).union(after.keys).sorted() {
            let a = before[k] ?? [], b = after[k] ?? []
            for i in 0..<max(a.count, b.count) {
                let x = i < a.count ? a[i] : nil, y = i < b.count ? b[i] : nil
                if let x, let y, x.ruleId == y.ruleId, x.action == y.action, x.severity == y.severity {
                    diff.unchanged += 1
                } else {
                    diff.changes.append(Change(key: k, before: x, after: y))
                }
            }
        }
        return diff
    }

    static func key(_ d: Diagnosis) -> Key {
        Key(chargePointId: d.chargePointId, connectorId: d.connectorId, trigger: d.trigger.source, timestamp: d.timestamp)
    }

    static func describe(_ d: Diagnosis?) -> String {
        guard let d else { return "(nothing)" }
        return "\(d.ruleId): \(d.action.rawValue) (\(d.severity.rawValue))"
    }

    public var text: String {
        let count = { (k: Change.Kind) in changes.filter { $0.kind == k }.count }
        guard hasChanges else { return "No diagnosis changes (\(unchanged) unchanged).\n" }
        var out = "\(changes.count) diagnos\(changes.count == 1 ? "is" : "es") changed (\(count(.added)) added, \(count(.removed)) removed, \(count(.changed)) changed); \(unchanged) unchanged\n"
        for (group, items) in groups {
            out += "\n\(group): \(items.count)\n"
            for c in items {
                let k = c.key
                out += "  \(k.chargePointId)/\(k.connectorId.map(String.init) ?? "-") \(k.timestamp.iso8601) \(k.trigger)  \(PackDiff.describe(c.before)) → \(PackDiff.describe(c.after))\n"
            }
        }
        return out
    }

    public var json: String {
        var w = JSONWriter()
        func side(_ o: inout JSONWriter.ObjectWriter, _ key: String, _ d: Diagnosis?) {
            guard let d else { o.raw(key, "null"); return }
            o.object(key) { x in
                x.string("ruleId", d.ruleId)
                x.string("action", d.action.rawValue)
                x.string("severity", d.severity.rawValue)
                x.string("cause", d.cause)
                x.string("message", d.message)
            }
        }
        let count = { (k: Change.Kind) in changes.filter { $0.kind == k }.count }
        w.object { o in
            o.int("changed", changes.count)
            o.int("added", count(.added))
            o.int("removed", count(.removed))
            o.int("modified", count(.changed))
            o.int("unchanged", unchanged)
            o.string("oldRulesetHash", oldHash)
            o.string("newRulesetHash", newHash)
            o.objects("groups", groups) { x, g in
                x.string("group", g.group)
                x.string("before", g.changes[0].before?.ruleId)
                x.string("after", g.changes[0].after?.ruleId)
                x.int("count", g.changes.count)
            }
            o.objects("changes", changes) { x, c in
                x.string("kind", c.kind.rawValue)
                x.string("chargePointId", c.key.chargePointId)
                x.int("connectorId", c.key.connectorId)
                x.string("timestamp", c.key.timestamp.iso8601)
                x.object("trigger") { t in
                    t.string("file", c.key.trigger.file)
                    t.int("line", c.key.trigger.line)
                }
                side(&x, "before", c.before)
                side(&x, "after", c.after)
            }
        }
        return w.text
    }
}
