import HeapModule

/// Options of the engine that are not part of the rule pack.
public struct EvaluatorOptions: Sendable {
    /// Hard cap of stored history events per charge point (DESIGN §8); the oldest are evicted first.
    public var historyCapPerChargePoint: Int
    /// Test events only against the rules their routing key can match (see ``Routes``). Off:
    /// every rule and pattern is tried on every event — the reference the fast path is tested against.
    var routing = true

    public init(historyCapPerChargePoint: Int = 100_000) {
        self.historyCapPerChargePoint = historyCapPerChargePoint
    }
}

/// The streaming evaluator: feed it events in time order, get diagnoses as they are made.
///
/// One code path serves batch analysis, rule tests, `diagnose` and live feeds. Memory is
/// bounded: per charge point it keeps only events that some history clause can still
/// look at (within the pack's longest window), the last status per connector, and
/// pending `for:` timers.
public final class Evaluator {
    let pack: CompiledPack
    let options: EvaluatorOptions
    @exclusivity(unchecked) var states: [String: ChargePointState] = [:]
    /// The same states by slot (see ``chargePoint(_:)``).
    @exclusivity(unchecked) var stateSlots = ChargePointSlots()
    @exclusivity(unchecked) var statesBySlot: [ChargePointState] = []
    @exclusivity(unchecked) var timers: [Int64: (chargePointId: String, connector: Int, timer: PendingTimer)] = [:]
    @exclusivity(unchecked) var timerQueue = Heap<TimerKey>()
    @exclusivity(unchecked) var nextTimerId: Int64 = 0
    @exclusivity(unchecked) var nextSequence: Int64 = 0
    /// Candidate rules and history patterns per routing key (see ``Routes``), computed once per key seen.
    @exclusivity(unchecked) var routeCache: [Routes.Key: (rules: [Int], history: [Int])] = [:]
    /// Routes of events with no status, error code or vendor (most events), in a small
    /// direct-mapped table by action and message type: a fleet log has a handful of actions,
    /// and hashing the action for a dictionary was a measured cost on every event.
    @exclusivity(unchecked) var plainRoutes = [PlainRoute?](repeating: nil, count: 64)
    struct PlainRoute {
        var type: String
        var messageType: MessageType
        var routes: (rules: [Int], history: [Int])
    }
    /// Per-event memos: a clause or `when` shared by several rules is evaluated once per event.
    /// Entries are valid while their stamp equals the event's sequence number.
    let memo: EvaluationMemo
    @exclusivity(unchecked) var fileNames: [String] = []
    @exclusivity(unchecked) var fileIndices: [String: Int32] = [:]
    @exclusivity(unchecked) var lastFile: (name: String, index: Int32)?
    /// The latest event time seen in order; `for:` deadlines at or before it have passed.
    @exclusivity(unchecked) public private(set) var clock: Timestamp?
    /// How many charge points the evaluator has seen events of.
    public var chargePointCount: Int { states.count }
    /// History events dropped by the per-charge-point cap.
    @exclusivity(unchecked) public private(set) var evictions = 0

    struct TimerKey: Comparable {
        var deadline: Timestamp
        var triggerSequence: Int64
        var id: Int64
        static func < (a: TimerKey, b: TimerKey) -> Bool {
            (a.deadline, a.triggerSequence, a.id) < (b.deadline, b.triggerSequence, b.id)
        }
    }

    public init(pack: RulePack, options: EvaluatorOptions = EvaluatorOptions()) {
        self.pack = CompiledPack(pack)
        self.options = options
        memo = EvaluationMemo(whenCount: self.pack.whenCount, clauseCount: self.pack.clauseCount)
    }

    /// Evaluates the next event of the stream (events must come in time order).
    public func process(_ event: Event) -> [Diagnosis] {
        var none: Explanation?
        return step(event, explaining: &none)
    }

    /// Evaluates an event that arrived later than the reorder window allows. It joins the
    /// history at its own time (so later triggers count it) and is diagnosed against the
    /// history before it, but it starts no `for:` timer, does not change a connector's
    /// current status, and its `previous` clauses do not hold (the last status known is
    /// newer than the event).
    public func processLate(_ event: Event) -> [Diagnosis] {
        var none: Explanation?
        return stepLate(event, explaining: &none)
    }

    /// Evaluates an event as ``Analysis/readEvents(inputs:options:onEvent:)`` hands it over:
    /// in order, or late.
    @discardableResult
    public func process(_ event: Event, late: Bool) -> [Diagnosis] {
        late ? processLate(event) : process(event)
    }

    /// Processes `event` exactly as ``process(_:)`` (or ``processLate(_:)`` when `late`)
    /// would, and returns the trace of that evaluation: every candidate rule's conditions
    /// and history clauses, `for:` timer states, and the ranking. The diagnoses that
    /// processing made are in ``Explanation/diagnoses``.
    public func explain(_ event: Event, late: Bool = false) -> Explanation {
        var explanation: Explanation? = Explanation(event: event, late: late)
        let made = late ? stepLate(event, explaining: &explanation) : step(event, explaining: &explanation)
        explanation!.diagnoses = made
        return explanation!
    }

    /// The one evaluation path of an in-order event; `explanation`, when set, records it.
    func step(_ event: Event, explaining explanation: inout Explanation?) -> [Diagnosis] {
        var out = advance(to: event.timestamp)
        let sequence = nextSequence
        nextSequence += 1
        let state = chargePoint(of: event)
        let key = ChargePointState.key(event.connectorId)
        let isStatus = event.isStatus, tracing = explanation != nil
        // The connector's state is reached only when something reads it: a status (its last
        // status, timers, episode), a trace, or a `previous` clause evaluated (see
        // ``PreviousStatuses``). Most events need none of it, and a fleet's connector objects
        // are not in cache (measured).
        let connectorState = isStatus || tracing ? state.connector(event.connectorId) : nil

        var statusChanged: Bool?
        if isStatus, let connector = connectorState {
            let last = connector.lastStatus?.event
            statusChanged = last == nil || last?.status != event.status || last?.errorCode != event.errorCode
            cancelTimers(of: connector, unless: event.status!)
        }
        let context = MatchContext(statusChanged: statusChanged)
        let routed = routes(for: event)
        remember(event, sequence: sequence, context: context, in: state, history: routed.history)
        let candidates = tracing ? pack.ruleRoutes.candidates(Routes.Key(event), by: Routes.explainedFields) : routed.rules
        if tracing { explanation!.begin(statusChanged: statusChanged, previous: connectorState?.lastStatus?.event, candidates: candidates, pack: pack) }

        var immediate: [RuleMatch] = []
        var previous = PreviousStatuses(state: state, connectorId: event.connectorId, connector: connectorState)
        for ruleIndex in candidates {
            let whenId = pack.whenIds[ruleIndex]
            if !tracing, memo.when(whenId, at: sequence) == false { continue }
            let trace: TraceBox? = tracing ? TraceBox(RuleTrace(pack.rules[ruleIndex].rule, index: ruleIndex)) : nil
            defer { if let trace { explanation!.rules.append(trace.value) } }
            // The rule by a reference that is not retained: the pack holds its rules for the
            // evaluator's life, and a retain and release per candidate was a measured cost.
            let evaluated = Unmanaged.passUnretained(pack.rules[ruleIndex])._withUnsafeGuaranteedRef { compiled in
                (evaluate(compiled, event, sequence, context, state, previous: &previous, tracing: trace), compiled.rule.forDuration)
            }
            guard let match = evaluated.0 else { continue }
            if let d = evaluated.1 {
                guard isStatus, let connector = connectorState else { trace?.value.timer = .notAStatus; continue }
                if let pending = connector.pending[ruleIndex], let entry = timers[pending] {
                    trace?.value.timer = .alreadyPending(since: entry.timer.trigger.timestamp, deadline: entry.timer.deadline, trigger: entry.timer.trigger.source)
                    continue
                }
                if let status = connector.fired[ruleIndex] {
                    trace?.value.timer = .alreadyFired(status: status)
                    continue
                }
                let id = nextTimerId
                nextTimerId += 1
                let timer = PendingTimer(id: id, ruleIndex: ruleIndex, trigger: event, triggerSequence: sequence,
                                         status: event.status!, deadline: event.timestamp + d, match: match)
                connector.pending[ruleIndex] = id
                timers[id] = (event.chargePointId, key, timer)
                timerQueue.insert(TimerKey(deadline: timer.deadline, triggerSequence: sequence, id: id))
                trace?.value.timer = .started(deadline: timer.deadline)
            } else {
                immediate.append(match)
            }
        }
        if tracing { explanation!.ranking = ranking(immediate) }
        if let d = diagnosis(for: immediate, trigger: event, at: event.timestamp) { out.append(d) }

        if isStatus, let connector = connectorState {
            let record = StatusRecord(event: event, statusChanged: statusChanged ?? true)
            connector.lastStatus = record
            state.lastStatusAnyConnector = record
            // A recovery ends the episode after this event's own diagnoses.
            if statusChanged == true && (event.status == "Available" || event.status == "Charging") { connector.episode += 1 }
        }
        return out
    }

    /// Interns a source file name for stored events.
    func fileIndex(_ name: String) -> Int32 {
        if let last = lastFile, last.name == name { return last.index }
        let index = fileIndices[name] ?? {
            fileNames.append(name)
            fileIndices[name] = Int32(fileNames.count - 1)
            return Int32(fileNames.count - 1)
        }()
        lastFile = (name, index)
        return index
    }

    func source(of stored: StoredEvent) -> SourceRef {
        SourceRef(file: fileNames[Int(stored.file)], line: Int(stored.line))
    }

    func source(of recent: RecentEvents.RecentEvent) -> SourceRef {
        SourceRef(file: fileNames[Int(recent.file)], line: Int(recent.line))
    }

    /// The event's charge point's state, by the correlator's number for it when that number is
    /// this evaluator's too (a reader's correlator and engine see the same events in the same
    /// order, so they number charge points alike): one lookup of the id per event instead of
    /// two, each a likely cache miss in a fleet (measured). Checked, never trusted: any other
    /// number goes the usual way.
    @inline(__always)
    func chargePoint(of event: Event) -> ChargePointState {
        let hint = Int(event.chargePointSlot)
        if hint >= 0 && hint < statesBySlot.count {
            let state = statesBySlot[hint]
            if state.id == event.chargePointId { return state }
        }
        return chargePoint(event.chargePointId)
    }

    func chargePoint(_ id: String) -> ChargePointState {
        // By slot: every event looks its charge point up, and hashing the id for the
        // dictionary was a measured cost. The dictionary stays the record by id.
        let (slot, isNew) = stateSlots.slot(of: id)
        if isNew {
            let s = ChargePointState(id: id, tierCount: pack.tierWindows.count, patternCount: pack.historyMatchers.count)
            states[id] = s
            statesBySlot.append(s)
        }
        return statesBySlot[slot]
    }

    func stepLate(_ event: Event, explaining explanation: inout Explanation?) -> [Diagnosis] {
        let sequence = nextSequence
        nextSequence += 1
        let state = chargePoint(of: event)
        let context = MatchContext(statusChanged: nil)
        let routed = routes(for: event)
        remember(event, sequence: sequence, context: context, in: state, history: routed.history)
        let tracing = explanation != nil
        let candidates = tracing ? pack.ruleRoutes.candidates(Routes.Key(event), by: Routes.explainedFields) : routed.rules
        // The last status known is newer than a late event, so `previous` has nothing to read.
        if tracing { explanation!.begin(statusChanged: nil, previous: nil, candidates: candidates, pack: pack) }
        var immediate: [RuleMatch] = []
        for ruleIndex in candidates {
            let compiled = pack.rules[ruleIndex]
            let trace: TraceBox? = tracing ? TraceBox(RuleTrace(compiled.rule, index: ruleIndex)) : nil
            defer { if let trace { explanation!.rules.append(trace.value) } }
            if compiled.rule.forDuration != nil {
                // A late event starts no timer, so `for:` rules are not evaluated for it.
                trace?.value.timer = .lateEvent
                continue
            }
            var none = PreviousStatuses.none
            if let match = evaluate(compiled, event, sequence, context, state, previous: &none, tracing: trace) {
                immediate.append(match)
            }
        }
        if tracing { explanation!.ranking = ranking(immediate) }
        return diagnosis(for: immediate, trigger: event, at: event.timestamp).map { [$0] } ?? []
    }

    /// The matches in rank order, each with why it ranks below the one before it.
    func ranking(_ matches: [RuleMatch]) -> [RankedRule] {
        let ranked = rank(matches)
        return ranked.enumerated().map { i, m in
            let rule = pack.rules[m.ruleIndex].rule
            var reason: String?
            if i > 0 {
                let above = ranked[i - 1]
                reason = Evaluator.rankingReason(pack.rules[above.ruleIndex].rule, above.ruleIndex, above: rule, m.ruleIndex)
            }
            return RankedRule(ruleId: rule.id, priority: rule.priority, specificity: rule.specificity,
                              packIndex: m.ruleIndex, location: rule.location, belowPrevious: reason)
        }
    }

    /// Ends the input: fires the `for:` timers whose time has come by the last event's time.
    public func finish() -> [Diagnosis] {
        finish(at: nil)
    }

    /// Ends the input at `end` or this evaluator's own last event time, whichever is later
    /// (a shard of a fleet ends when the whole input does).
    public func finish(at end: Timestamp?) -> [Diagnosis] {
        guard let last = [clock, end].compactMap({ $0 }).max() else { return [] }
        return fireTimers(upTo: last)
    }

    /// Moves stream time forward, firing due `for:` timers.
    public func advance(to time: Timestamp) -> [Diagnosis] {
        let fired = fireTimers(upTo: time)
        if clock == nil || time > clock! { clock = time }
        return fired
    }

    func routes(for event: Event) -> (rules: [Int], history: [Int]) {
        // Most events carry no status, error code or vendor (every answer, MeterValues,
        // Heartbeat): for them the key is the action and message type, and hashing the action
        // alone is far cheaper than hashing the whole key.
        if event.status == nil && event.errorCode == nil && event.vendorId == nil {
            let type = event.type, kind = event.messageType
            let utf8 = type.utf8
            let slot = (utf8.count &* 5 &+ Int(utf8.first ?? 0) &* 3 &+ (kind == .call ? 0 : kind == .result ? 1 : 2)) & 63
            if let entry = plainRoutes[slot], entry.messageType == kind, entry.type == type { return entry.routes }
            let found = cachedRoutes(Routes.Key(event))
            plainRoutes[slot] = PlainRoute(type: type, messageType: kind, routes: found)
            return found
        }
        return cachedRoutes(Routes.Key(event))
    }

    func cachedRoutes(_ key: Routes.Key) -> (rules: [Int], history: [Int]) {
        if let cached = routeCache[key] { return cached }
        let found = options.routing
            ? (pack.ruleRoutes.candidates(key), pack.historyRoutes.candidates(key))
            : (Array(pack.rules.indices), Array(pack.historyMatchers.indices))
        if routeCache.count > 10_000 { routeCache.removeAll() }  // junk statuses must not grow it without bound
        routeCache[key] = found
        return found
    }

    /// Stores the event if a history pattern matches it, then trims history to the window and cap.
    /// `history` is the event's routed history patterns (looked up once per event by the caller).
    func remember(_ event: Event, sequence: Int64, context: MatchContext, in state: ChargePointState, history patterns: [Int]) {
        var matched = BitSet()
        let matchers = options.routing ? pack.routedHistoryMatchers : pack.historyMatchers
        for i in patterns where matchers[i].matches(event, context) { matched.insert(i) }
        if !matched.isEmpty {
            let stored = StoredEvent(sequence: sequence, timestamp: event.timestamp, connectorId: event.connectorId,
                                     matched: matched, file: fileIndex(event.source.file), line: Int32(clamping: event.source.line))
            var tier = 0
            var inTiers = false
            for i in patterns where matched.contains(i) {
                if let keep = pack.recentKeep[i] {
                    if state.recent[i] == nil { state.recent[i] = RecentEvents(scopes: pack.recentScopes[i]) }
                    state.recent[i]!.add(RecentEvents.RecentEvent(stored), keep: keep)
                } else {
                    inTiers = true
                    tier = max(tier, pack.matcherTier[i])
                }
            }
            if inTiers { state.history.insert(stored, tier: tier, window: pack.tierWindows[tier]) }
        }
        state.history.trim(seen: event.timestamp, windows: pack.tierWindows)
        while state.history.count > options.historyCapPerChargePoint {
            state.history.evictOldest()
            evictions += 1
        }
    }

    func cancelTimers(of connector: ConnectorState, unless status: String) {
        for (ruleIndex, id) in connector.pending where timers[id]?.timer.status != status {
            timers[id] = nil
            connector.pending[ruleIndex] = nil
        }
        if !connector.fired.isEmpty { connector.fired = connector.fired.filter { $0.value == status } }
    }

    func fireTimers(upTo time: Timestamp) -> [Diagnosis] {
        var out: [Diagnosis] = []
        var batch: [PendingTimer] = []
        var batchCP = ""
        var batchConnector = 0
        func flush() {
            guard let first = batch.first else { return }
            let matches = batch.map(\.match)
            if let d = diagnosis(for: matches, trigger: first.trigger, at: first.deadline, forDuration: pack.rules[first.ruleIndex].rule.forDuration) {
                out.append(d)
            }
            if let connector = states[batchCP]?.connectors[batchConnector] {
                for t in batch {
                    connector.pending[t.ruleIndex] = nil
                    connector.fired[t.ruleIndex] = t.status
                }
            }
            batch = []
        }
        while let top = timerQueue.min, top.deadline <= time {
            _ = timerQueue.removeMin()
            guard let entry = timers.removeValue(forKey: top.id) else { continue }
            if let first = batch.first, first.triggerSequence != entry.timer.triggerSequence || first.deadline != entry.timer.deadline {
                flush()
            }
            batchCP = entry.chargePointId
            batchConnector = entry.connector
            batch.append(entry.timer)
        }
        flush()
        return out
    }
}
