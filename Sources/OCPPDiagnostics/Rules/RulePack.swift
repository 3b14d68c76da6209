/// A loaded, validated rule pack: rules in pack order, the tests written beside them,
/// and a short content hash that identifies exactly these rules in every diagnosis.
public struct RulePack: Sendable {
    public var rules: [Rule]
    public var tests: [RuleTest]
    /// 16 hex digits of FNV-1a over every file's path and bytes (not a security hash).
    public var hash: String
    /// The rule files' texts, by the path used in diagnostics (for rendering snippets).
    public var sources: [String: String]

    public init(rules: [Rule], tests: [RuleTest] = [], hash: String = "0000000000000000", sources: [String: String] = [:]) {
        self.rules = rules
        self.tests = tests
        self.hash = hash
        self.sources = sources
    }

    /// Actions whose CALL payloads some rule reads (`payload.…` conditions), or nil when a rule
    /// reads the CALL payloads of any action. Ingest may skip building the other CALL payloads.
    public var actionsReadingPayloads: Set<String>? {
        var actions: Set<String> = ["StatusNotification"]
        for m in matchers where m.conditions.contains(where: { if case .payload = $0.0 { true } else { false } }) {
            // Only CALL payloads are ever elided: a pattern on answers' payloads needs none of them.
            if let kinds = m.literalValues(of: .messageType), !kinds.contains(MessageType.call.rawValue) { continue }
            guard let types = m.literalValues(of: .type) else { return nil }
            actions.formUnion(types)
        }
        return actions
    }

    /// The top-level payload keys some rule may read on a CALLRESULT (`payload.status` reads
    /// `status`). An answer's action is known only once it is paired with its call, after
    /// ordering; ingest may drop the other keys of every answer's payload, whatever its action.
    public var answerPayloadKeys: Set<String> {
        var keys: Set<String> = []
        for m in matchers {
            if let kinds = m.literalValues(of: .messageType), !kinds.contains(MessageType.result.rawValue) { continue }
            for (field, _) in m.conditions { if case .payload(let path) = field, let first = path.first { keys.insert(first) } }
        }
        return keys
    }

    /// Every rule's `when` and every pattern of its history clauses.
    private var matchers: [Matcher] {
        rules.flatMap { rule in
            [rule.when] + rule.history.flatMap { clause -> [Matcher] in
                switch clause.kind {
                case .count(let m, _, _, _), .previous(let m, _): [m]
                case .sequence(let steps, _): steps
                }
            }
        }
    }

    /// The longest window any count or sequence clause looks back over.
    public var longestWindow: TimeSpan {
        rules.flatMap(\.history).compactMap(\.window).max() ?? .zero
    }
}

/// FNV-1a, 64-bit: a tiny, stable content hash for `rulesetHash` (no crypto package needed).
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
