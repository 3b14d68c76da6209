/// Per-event memos of the evaluator: a `when` matcher or history clause shared by several
/// rules is evaluated once per event. An entry is valid while its stamp equals the event's
/// sequence number.
///
/// Fixed-size buffers behind a `let` reference rather than arrays in `var` properties: these
/// are read and written for every candidate rule of every event, and each access to a
/// class's stored `var` pays a dynamic exclusivity check (measured at about 9 % of a run
/// for all such accesses together).
final class EvaluationMemo {
    private let whenStamps: UnsafeMutablePointer<Int64>
    private let whenResults: UnsafeMutablePointer<Bool>
    private let clauseStamps: UnsafeMutablePointer<Int64>
    /// The outcome of each memoized clause that held; nil for one that failed (a failed clause
    /// ends a rule without copying an outcome).
    private let clauseResults: UnsafeMutablePointer<Evaluator.ClauseOutcome?>
    private let whenCount: Int
    private let clauseCount: Int

    init(whenCount: Int, clauseCount: Int) {
        self.whenCount = max(1, whenCount)
        self.clauseCount = max(1, clauseCount)
        whenStamps = .allocate(capacity: self.whenCount)
        whenStamps.initialize(repeating: -1, count: self.whenCount)
        whenResults = .allocate(capacity: self.whenCount)
        whenResults.initialize(repeating: false, count: self.whenCount)
        clauseStamps = .allocate(capacity: self.clauseCount)
        clauseStamps.initialize(repeating: -1, count: self.clauseCount)
        clauseResults = .allocate(capacity: self.clauseCount)
        clauseResults.initialize(repeating: nil, count: self.clauseCount)
    }

    deinit {
        whenStamps.deallocate()
        whenResults.deallocate()
        clauseStamps.deallocate()
        clauseResults.deinitialize(count: clauseCount)
        clauseResults.deallocate()
    }

    @inline(__always)
    func when(_ id: Int, at sequence: Int64) -> Bool? {
        whenStamps[id] == sequence ? whenResults[id] : nil
    }

    @inline(__always)
    func setWhen(_ id: Int, at sequence: Int64, _ holds: Bool) {
        whenStamps[id] = sequence
        whenResults[id] = holds
    }

    /// The outcome of a clause that held for this event (a failed one is only flagged: see ``clauseFailed(_:at:)``).
    @inline(__always)
    func clause(_ id: Int, at sequence: Int64) -> Evaluator.ClauseOutcome? {
        clauseStamps[id] == sequence ? clauseResults[id] : nil
    }

    /// True when the clause was already evaluated for this event and did not hold.
    @inline(__always)
    func clauseFailed(_ id: Int, at sequence: Int64) -> Bool {
        clauseStamps[id] == sequence && clauseResults[id] == nil
    }

    @inline(__always)
    func setClause(_ id: Int, at sequence: Int64, _ outcome: Evaluator.ClauseOutcome) {
        clauseStamps[id] = sequence
        clauseResults[id] = outcome.holds ? outcome : nil
    }
}
