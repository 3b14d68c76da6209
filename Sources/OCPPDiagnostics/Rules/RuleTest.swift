/// A rule test (DESIGN §6): a short event history and the diagnoses it must produce.
public struct RuleTest: Sendable {
    public struct Expectation: Sendable {
        /// Index of the trigger event (0-based) in `events`.
        public var event: Int
        public var ruleId: String?
        public var action: Action?
        public var severity: Severity?
        public var message: String?
        public var location: SourceLocation
    }

    public var name: String
    public var events: [Event]
    public var expectations: [Expectation]
    public var expectNoOtherDiagnoses: Bool
    public var location: SourceLocation
}
