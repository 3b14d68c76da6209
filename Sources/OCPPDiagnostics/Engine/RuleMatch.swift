/// What held when a rule matched a trigger: the first count clause's count and the cited events.
struct RuleMatch {
    var ruleIndex: Int
    var count: Int?
    var evidence: [Evidence]
}
