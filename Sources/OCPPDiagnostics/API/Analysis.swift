import Foundation

/// Options of a batch run (the `analyze` command's flags, as a library value).
public struct AnalysisOptions: Sendable {
    /// Events out of order by up to this much are evaluated as if in order (default 5m).
    public var reorderWindow: TimeSpan = .minutes(5)
    /// Only these charge points (others are skipped as `filtered`); nil for all.
    public var chargePoints: Set<String>?
    /// Report only diagnoses whose time is in [since, until]. All events are still evaluated,
    /// so history before `since` counts.
    public var since: Timestamp?
    public var until: Timestamp?
    /// Stop at the first damaged line.
    public var strict = false
    /// Charge point id for shapes that carry none (else the file name up to its first dot).
    public var defaultChargePointId: String?
    /// The time zone naive log times (no UTC offset) are read in (`--timezone`); output is always UTC.
    public var timeZone = TimeZone(identifier: "UTC")!
    /// Whose log a `receive`/`send` log is (`--perspective`): the central system's by default.
    public var perspective = Perspective.centralSystem
    /// Read every input as this shape (`--input-format`, one of ``InputFormats/names``) instead of detecting it.
    public var inputFormat: String?
    public var evaluator = EvaluatorOptions()
    /// How many skipped lines of each reason to keep as samples.
    public var samplesPerReason = 5
    /// Actions whose CALL payloads must be read whole (nil: all). `run` sets it from the pack;
    /// other payloads are validated but reduced to the keys ingest needs.
    public var payloadsNeeded: Set<String>?
    /// Validate-but-skip payloads no rule reads (the fast path). Off: every payload is built,
    /// as the reference path that tests compare the fast path against.
    public var elidePayloads = true
    /// Only the charge points of this shard (`--shard K/N`); other lines count as `other-shard`.
    public var shard: Shard?
    /// Called now and then during a run (from one reading thread) with how far it got.
    public var progress: (@Sendable (AnalysisProgress) -> Void)?
    /// Threads for a batch run over files: charge points are split across them (default:
    /// the machine's cores). Standard input is always read by one thread, as it arrives.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    /// Reads a time given on the command line (`--since`, `--until`): ISO 8601, with naive
    /// times in ``timeZone`` like the logs' own.
    public func time(_ text: String) -> Timestamp? {
        DecodeContext(file: "", defaultChargePointId: nil, timeZone: timeZoneReader).parseTime(text)
    }

    var timeZoneReader: TimeZoneReader {
        timeZone.identifier == "UTC" ? .utc : TimeZoneReader(zone: timeZone)
    }
}

/// How far a run has read: for a progress line.
public struct AnalysisProgress: Sendable {
    public var linesRead: Int
    /// Bytes of the input files read (compressed bytes for gzip input).
    public var bytesRead: Int64
    /// The inputs' total size, when every input is a regular file.
    public var totalBytes: Int64?
}

/// Runs a rule pack over logs: ingest → order → correlate → engine → diagnoses.
///
/// ```swift
/// let pack = RuleLoader.load(paths: ["Rules"]).pack!
/// let summary = try Analysis.run(inputs: [LogInput(path: "fleet.jsonl")], pack: pack) { diagnosis in
///     print(diagnosis.jsonRecord)
/// }
/// ```
public enum Analysis {
    /// Evaluates `pack` over `inputs` and hands each diagnosis to `onDiagnosis`.
    ///
    /// Files are read in parallel (``AnalysisOptions/threads``): every thread reads all
    /// inputs but evaluates only its shard of charge points, skipping other lines cheaply.
    /// Diagnoses then come in ``canonicalOrder`` — the same for any thread count. From
    /// standard input (a live feed) they come one by one as they are made.
    public static func run(
        inputs: [LogInput], pack: RulePack, options: AnalysisOptions = AnalysisOptions(),
        onDiagnosis: (Diagnosis) -> Void
    ) throws(InputError) -> AnalysisSummary {
        var options = options
        if options.payloadsNeeded == nil && options.elidePayloads { options.payloadsNeeded = pack.actionsReadingPayloads }
        let live = inputs.contains { $0.path == "-" }
        var counted = AnalysisSummary()
        func report(_ d: Diagnosis) {
            if let since = options.since, d.timestamp < since { return }
            if let until = options.until, d.timestamp > until { return }
            counted.count(d)
            onDiagnosis(d)
        }
        var summary: AnalysisSummary
        if live {
            let evaluator = Evaluator(pack: pack, options: options.evaluator)
            summary = try readEvents(inputs: inputs, options: options, countingChargePoints: false) { event, late in
                evaluator.process(event, late: late).forEach(report)
            }
            summary.chargePoints = evaluator.chargePointCount
            evaluator.finish(at: summary.latestSeen).forEach(report)
            summary.historyEvictions = evaluator.evictions
        } else {
            let (merged, diagnoses) = try runSharded(inputs: inputs, pack: pack, options: options)
            summary = merged
            let order = Dictionary(inputs.enumerated().map { ($1.displayName, $0) }, uniquingKeysWith: { a, _ in a })
            diagnoses.sorted { canonicalOrder($0, $1, inputOrder: order) }.forEach(report)
        }
        summary.rulesetHash = pack.hash
        summary.diagnoses = counted.diagnoses
        summary.byAction = counted.byAction
        summary.bySeverity = counted.bySeverity
        return summary
    }

    /// The order of a batch run's diagnoses: by time, then charge point, connector, the
    /// trigger's place in the input, and rule id.
    static func canonicalOrder(_ a: Diagnosis, _ b: Diagnosis, inputOrder: [String: Int]) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        if a.chargePointId != b.chargePointId { return a.chargePointId < b.chargePointId }
        if a.connectorId != b.connectorId { return (a.connectorId ?? -1) < (b.connectorId ?? -1) }
        let fa = inputOrder[a.trigger.source.file] ?? 0, fb = inputOrder[b.trigger.source.file] ?? 0
        if fa != fb { return fa < fb }
        if a.trigger.source.line != b.trigger.source.line { return a.trigger.source.line < b.trigger.source.line }
        return a.ruleId < b.ruleId
    }

    /// Results of the shards, filled in by their threads.
    private final class ShardResults: @unchecked Sendable {
        let lock = NSLock()
        var summaries: [Int: AnalysisSummary] = [:]
        var diagnoses: [Int: [Diagnosis]] = [:]
        var evaluators: [Int: Evaluator] = [:]
        var errors: [Int: InputError] = [:]
    }

    /// Runs one shard per thread (or the user's single `--shard`) and merges their accounting.
    static func runSharded(inputs: [LogInput], pack: RulePack, options: AnalysisOptions) throws(InputError) -> (AnalysisSummary, [Diagnosis]) {
        let shards: [Shard?] = options.shard != nil || options.threads <= 1
            ? [options.shard]
            : (0..<options.threads).map { Shard(index: $0, count: options.threads) }
        let results = ShardResults()
        DispatchQueue.concurrentPerform(iterations: shards.count) { k in
            var shardOptions = options
            shardOptions.shard = shards[k]
            let evaluator = Evaluator(pack: pack, options: options.evaluator)
            var made: [Diagnosis] = []
            do throws(InputError) {
                var summary = try readEvents(inputs: inputs, options: shardOptions, countingChargePoints: false) { event, late in
                    made += evaluator.process(event, late: late)
                }
                summary.chargePoints = evaluator.chargePointCount
                results.lock.withLock {
                    results.summaries[k] = summary
                    results.diagnoses[k] = made
                    results.evaluators[k] = evaluator
                }
            } catch {
                results.lock.withLock { results.errors[k] = error }
            }
        }
        // The error a one-thread run would meet first: the earliest line, in input order.
        let order = Dictionary(inputs.enumerated().map { ($1.displayName, $0) }, uniquingKeysWith: { a, _ in a })
        func position(_ e: InputError) -> (Int, Int) {
            if case .strict(let line) = e { return (order[line.source.file] ?? Int.max, line.source.line) }
            return (-1, 0)
        }
        if let first = results.errors.values.min(by: { position($0) < position($1) }) { throw first }
        // `for:` timers fire up to the input's last event time, which no single shard may have seen.
        let end = (results.evaluators.values.compactMap(\.clock) + results.summaries.values.compactMap(\.latestSeen)).max()
        var diagnoses: [Diagnosis] = []
        for k in shards.indices {
            diagnoses += results.diagnoses[k] ?? []
            diagnoses += results.evaluators[k]?.finish(at: end) ?? []
        }
        var merged = AnalysisSummary.merging(shards.indices.compactMap { results.summaries[$0] }, keepOtherShard: options.shard != nil,
                                             samplesPerReason: options.samplesPerReason)
        merged.historyEvictions = results.evaluators.values.map(\.evictions).reduce(0, +)
        return (merged, diagnoses)
    }

    /// Reads logs into events, time-ordered within the reorder window and with answers
    /// paired to their calls; `onEvent` gets each with whether it arrived late.
    public static func readEvents(
        inputs: [LogInput], options: AnalysisOptions = AnalysisOptions(),
        onEvent: (Event, _ late: Bool) -> Void
    ) throws(InputError) -> AnalysisSummary {
        try readEvents(inputs: inputs, options: options, countingChargePoints: true, onEvent: onEvent)
    }

    /// `countingChargePoints`: whether to keep the set of charge points seen for the summary.
    /// A run that hands every event to an ``Evaluator`` takes the evaluator's count instead
    /// (the same number), saving a set insertion per event.
    static func readEvents(
        inputs: [LogInput], options: AnalysisOptions, countingChargePoints: Bool,
        onEvent: (Event, _ late: Bool) -> Void
    ) throws(InputError) -> AnalysisSummary {
        var openedSoFar: [OpenInput] = []
        for (i, input) in inputs.enumerated() {
            openedSoFar.append(try OpenInput(input, index: i, options: options))
        }
        let opened = openedSoFar
        // Read once: the per-line closures below would otherwise copy the whole options value.
        let ownShard = options.shard, reorderWindow = options.reorderWindow
        let chargePointFilter = options.chargePoints, strict = options.strict, samplesPerReason = options.samplesPerReason
        // What the loop below tallies, in one single-thread object: as captured local variables,
        // every update paid a dynamic exclusivity check (measured: 3 % of a run).
        let run = ReadTally()
        let merger = EventMerger()

        func deliver(_ event: consuming Event, late: Bool) {
            var e = event  // the only reference left, so correlating changes it in place
            run.correlator.correlate(&e)
            if countingChargePoints { run.chargePoints.insert(e.chargePointId) }
            if run.summary.from == nil || e.timestamp < run.summary.from! { run.summary.from = e.timestamp }
            if run.summary.to == nil || e.timestamp > run.summary.to! { run.summary.to = e.timestamp }
            onEvent(e, late)
        }
        /// Lines that name no charge point belong to shard 0, so that across shards each line is counted once.
        func skip(_ reason: SkipReason, _ detail: String, _ source: SourceRef, lines: Int, chargePoint: String? = nil) throws(InputError) {
            if case .otherShard = reason {
                run.otherShardLines += lines  // half of all lines with two threads: counted without hashing
                return
            }
            var reason = reason
            if let shard = ownShard, shard.count > 1,
               !(chargePoint.map { shard.owns($0) } ?? (shard.index == 0)) {
                reason = .otherShard
            }
            run.summary.linesSkipped[reason, default: 0] += lines
            let line = SkippedLine(source: source, reason: reason, detail: detail)
            if strict && !reason.isBenign { throw .strict(line) }
            if !reason.isBenign, run.samplesTaken[reason, default: 0] < samplesPerReason {
                run.samplesTaken[reason, default: 0] += 1
                run.summary.samples.append(line)
            }
        }
        /// One event of `input` that stands for `lines` lines: filtered, or counted and admitted.
        /// False when filtered.
        func use(_ event: Event, untimed: Bool, lines: Int, source: SourceRef, from input: OpenInput) -> Bool {
            if let filter = chargePointFilter, !filter.contains(event.chargePointId) { return false }
            run.summary.events += 1
            if untimed { run.summary.untimedEvents += 1 }
            if event.timestamp == .unknown {
                input.waiting.append((event, lines, source))
                return true
            }
            releaseWaiting(at: event.timestamp, from: input)
            if let reported = event.reportedAt, ClockSkew.isSkewed(reported: reported, logged: event.timestamp) { run.summary.clockSkew += 1 }
            admit(event, from: input)
            return true
        }
        /// Gives the untimed events at the start of an input the first time the input shows,
        /// whichever charge point (and shard) that line belongs to.
        func releaseWaiting(at time: Timestamp, from input: OpenInput) {
            guard !input.waiting.isEmpty else { return }
            let early = input.waiting
            input.waiting = []
            for var e in early {
                e.event.timestamp = time
                if let reported = e.event.reportedAt, ClockSkew.isSkewed(reported: reported, logged: time) { run.summary.clockSkew += 1 }
                admit(e.event, from: input)
            }
        }
        /// Moves an input's clock: its events, and other shards' lines stepped over.
        func seen(_ time: Timestamp, in input: OpenInput) {
            releaseWaiting(at: time, from: input)
            if input.frontier == nil || time > input.frontier! { input.frontier = time }
            if run.summary.latestSeen == nil || time > run.summary.latestSeen! { run.summary.latestSeen = time }
        }
        /// Hands an event with its time to the merger.
        func admit(_ event: Event, from input: OpenInput) {
            // Later than the window behind what this input already showed: late, even if
            // it can still be put in order because nothing after it was released yet.
            let beyondWindow = input.frontier.map { event.timestamp < $0 - reorderWindow } ?? false
            seen(event.timestamp, in: input)
            if let late = merger.push(event, input: input.index) {
                run.summary.lateEvents += 1
                deliver(late, late: true)
            } else if beyondWindow {
                run.summary.lateEvents += 1
            }
        }
        /// Accounts for `lines` lines starting at `first` with one outcome of the input's format.
        func settle(_ outcome: LineOutcome, lines: Int, first: Int, input: OpenInput) throws(InputError) {
            let source = SourceRef(file: input.displayName, line: first)
            switch outcome {
            case .hold:
                // A format that still holds lines when their record must end: they were cut short.
                try skip(.truncatedRecord, "the record is not complete", source, lines: lines)
            case .skip(let reason, let detail):
                // A line that names its charge point belongs to that charge point's shard even when it cannot be read.
                try skip(reason, detail, source, lines: lines, chargePoint: lines == 1 ? input.hintedChargePoint : nil)
            case .structure where (ownShard.map { $0.count > 1 && $0.index != 0 }) ?? false:
                try skip(.otherShard, "", source, lines: lines)  // lines with no event belong to shard 0
            case .structure:
                run.summary.linesUsed += lines
            case .event(let event, _) where event.timestamp == .unknown && input.waiting.count >= OpenInput.maxWaiting:
                try skip(.badTimestamp, "no time on the line or in its payload, and none on the \(OpenInput.maxWaiting) events before it", source, lines: lines,
                         chargePoint: event.chargePointId)
            case .event(let event, _) where ownShard.map { !$0.owns(event.chargePointId) } ?? false:
                if event.timestamp != .unknown { seen(event.timestamp, in: input) }
                try skip(.otherShard, "", source, lines: lines)
            case .event(let event, let untimed):
                if use(event, untimed: untimed, lines: lines, source: source, from: input) {
                    run.summary.linesUsed += lines
                } else {
                    try skip(.filtered, "charge point '\(event.chargePointId)' not selected", source, lines: lines, chargePoint: event.chargePointId)
                }
            case .events(let events) where events.contains(where: { $0.0.timestamp == .unknown }) && input.waiting.count >= OpenInput.maxWaiting:
                try skip(.badTimestamp, "no time on the line or in its payload, and none on the \(OpenInput.maxWaiting) events before it", source, lines: lines,
                         chargePoint: events.first?.0.chargePointId)
            case .events(var events):
                // Several events on one line: each shard uses its own events; the line is
                // counted by the shard of its first event.
                if let shard = ownShard, shard.count > 1, let first = events.first {
                    let all = events
                    let ownsLine = shard.owns(first.0.chargePointId)
                    events.removeAll { !shard.owns($0.0.chargePointId) }
                    if !ownsLine {
                        for (event, _) in all where event.timestamp != .unknown && !shard.owns(event.chargePointId) {
                            seen(event.timestamp, in: input)
                        }
                        for (event, untimed) in events { _ = use(event, untimed: untimed, lines: 0, source: source, from: input) }
                        try skip(.otherShard, "", source, lines: lines)
                        return
                    }
                }
                var kept = 0
                for (event, untimed) in events where use(event, untimed: untimed, lines: kept == 0 ? lines : 0, source: source, from: input) {
                    kept += 1
                }
                if kept > 0 || events.isEmpty {
                    run.summary.linesUsed += lines
                } else {
                    try skip(.filtered, "no selected charge point on the line", source, lines: lines, chargePoint: events.first?.0.chargePointId)
                }
            case .closing(let held, _):
                try settle(held, lines: lines, first: first, input: input)
            }
        }
        /// Applies the format's outcome for line `number`, with the lines it held before.
        func apply(_ outcome: LineOutcome, number: Int, input: OpenInput) throws(InputError) {
            switch outcome {
            case .hold:
                if input.heldLines == 0 { input.heldFrom = number }
                input.heldLines += 1
            case .closing(let held, let then):
                if input.heldLines > 0 {
                    let (count, from) = (input.heldLines, input.heldFrom)
                    input.heldLines = 0
                    try settle(held, lines: count, first: from, input: input)
                }
                try apply(then, number: number, input: input)
            default:
                let count = input.heldLines + 1
                let from = input.heldLines > 0 ? input.heldFrom : number
                input.heldLines = 0
                try settle(outcome, lines: count, first: from, input: input)
            }
        }

        /// Where a line's charge point id and time are, as far as its format can tell cheaply.
        func lineHints(_ bytes: UnsafeBufferPointer<UInt8>, _ input: OpenInput) -> LineHints {
            input.readsJSONLines ? JSONLinesFormat().hints(bytes) : input.format.hints(bytes)
        }
        /// The time a line's hints point at, read.
        func lineTime(_ bytes: UnsafeBufferPointer<UInt8>, _ hints: LineHints, _ input: OpenInput) -> Timestamp? {
            guard let range = hints.time else { return nil }
            return input.context.parseLineTime(UnsafeBufferPointer(rebasing: bytes[range]))
        }

        // Progress comes from one reader only (shard 0 of a parallel run), every 64k lines.
        let reportsProgress = options.progress != nil && (ownShard?.index ?? 0) == 0
        let sizes = opened.map { $0.raw.fileSize }
        let totalBytes: Int64? = sizes.contains(nil) ? nil : sizes.compactMap { $0 }.reduce(0, +)
        while true {
            if reportsProgress, run.summary.linesRead & 0xFFFF == 0xFFFF {
                options.progress!(AnalysisProgress(linesRead: run.summary.linesRead + 1, bytesRead: opened.map(\.raw.bytesRead).reduce(0, +),
                                                   totalBytes: totalBytes))
            }
            // Read from the input that lags furthest behind, so the merge heap stays small.
            var next: OpenInput?
            if opened.count == 1 {
                next = opened[0].finished ? nil : opened[0]
            } else {
                for input in opened where !input.finished {
                    if next == nil { next = input; continue }
                    if let f = input.frontier, let g = next!.frontier, f < g { next = input }
                    else if input.frontier == nil && next!.frontier != nil { next = input }
                }
            }
            guard let input = next else { break }
            var lineNumber = 0
            let read: LineOutcome? = input.reader.nextLine { bytes, number, oversized in
                lineNumber = number
                // Every line that shows a log time moves its input's clock, whoever decodes it: the
                // clock decides order and lateness, which must not depend on how a run is split.
                // The time is read from the line (the hint) only where decoding does not read it
                // anyway: an event with its own line time moves the clock when it is admitted.
                input.hintedChargePoint = nil
                let hintable = !oversized && input.heldLines == 0
                let sharded = (ownShard?.count ?? 1) > 1 && hintable
                // Sharding needs the hints of every line (they say whose it is); otherwise they are
                // read only for lines that do not decode into an event with its own time.
                var hints = sharded ? lineHints(bytes, input) : nil
                if oversized { return .skip(.oversized, "line longer than \(LineReader.maxLineBytes) bytes") }
                if input.reader.lastLineCut, let failure = input.reader.failure {
                    // The input stopped in the middle of this line (a truncated .gz): it is where it stopped.
                    if hintable, let t = lineTime(bytes, hints ?? lineHints(bytes, input), input) { seen(t, in: input) }
                    return .skip(failure.reason, failure.detail)
                }
                if input.heldLines == 0 && bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .skip(.blank, "blank line") }
                if sharded, let shard = ownShard, let lineHints = hints, let id = lineHints.chargePoint,
                   !shard.owns(bytes: UnsafeBufferPointer(rebasing: bytes[id])), let t = lineTime(bytes, lineHints, input) {
                    // Another shard's line, stepped over: its time moves the clock, and if it is
                    // damaged, the shard its charge point names decodes and counts it.
                    seen(t, in: input)
                    return .skip(.otherShard, "")
                }
                let decoded = input.format.decode(bytes, number: number, context: &input.context)
                if case .event(let event, untimed: false) = decoded, chargePointFilter?.contains(event.chargePointId) ?? true {
                    // Admitted (or handed to its shard) at its line time: that moves the clock.
                } else if hintable {
                    let found = hints ?? lineHints(bytes, input)
                    hints = found
                    if let t = lineTime(bytes, found, input) { seen(t, in: input) }
                    // A line that cannot be read belongs to the shard its charge point names.
                    if sharded { input.hintedChargePoint = found.chargePoint.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) } }
                }
                return decoded
            }
            if read == nil {
                input.finished = true
                if input.heldLines > 0 {
                    let held = input.format.finish(context: &input.context)
                        ?? .skip(.truncatedRecord, "the record is not complete at the end of the input")
                    let (count, from) = (input.heldLines, input.heldFrom)
                    input.heldLines = 0
                    try settle(held, lines: count, first: from, input: input)
                }
                // Untimed events and no event with a time after them: there is no time to give them.
                for early in input.waiting {
                    run.summary.events -= 1
                    run.summary.untimedEvents -= 1
                    run.summary.linesUsed -= early.lines
                    try skip(.badTimestamp, "no time on the line, in its payload, or on any event of the input", early.source, lines: early.lines,
                             chargePoint: early.event.chargePointId)
                }
                input.waiting = []
                if let failure = input.reader.failure, !input.reader.lastLineCut {
                    run.summary.linesRead += 1
                    try skip(failure.reason, failure.detail, SourceRef(file: input.displayName, line: input.reader.lineNumber + 1), lines: 1)
                }
            } else if let outcome = read {
                run.summary.linesRead += 1
                if case .skip(.otherShard, _) = outcome, input.heldLines == 0 {
                    run.otherShardLines += 1  // stepped over above, its time already seen: nothing else to account
                } else if input.reader.lastLineCut, input.heldLines > 0 {
                    // The cut line ends any record held open before it.
                    let held = input.format.finish(context: &input.context)
                        ?? .skip(.truncatedRecord, "the record is not complete where the input stopped")
                    try apply(.closing(held, then: outcome), number: lineNumber, input: input)
                } else {
                    try apply(outcome, number: lineNumber, input: input)
                }
            }
            // Everything up to the lowest frontier of the unfinished inputs, less the window, is in order.
            var threshold: Timestamp?
            var anyActive = false
            var blocked = false
            if opened.count == 1 {
                // The usual single input: no loop over the inputs for every line.
                if !input.finished {
                    anyActive = true
                    threshold = input.frontier
                    blocked = threshold == nil
                }
            } else {
                for i in opened where !i.finished {
                    anyActive = true
                    guard let f = i.frontier else { blocked = true; break }
                    if threshold == nil || f < threshold! { threshold = f }
                }
            }
            if blocked { continue }
            if anyActive {
                let upTo = threshold! - reorderWindow
                while let event = merger.release(upTo: upTo) { deliver(event, late: false) }
            }
        }
        while let event = merger.release(upTo: nil) { deliver(event, late: false) }
        if run.otherShardLines > 0 { run.summary.linesSkipped[.otherShard, default: 0] += run.otherShardLines }
        if countingChargePoints { run.summary.chargePoints = run.chargePoints.count }
        run.summary.uncorrelatedAnswers = run.correlator.uncorrelated
        return run.summary
    }

    /// Reads one JSON log line (wrapped frame, flat status record or bare frame) as an event,
    /// exactly as `analyze` would read it from a file.
    public static func event(fromJSONLine line: String, file: String = "-", defaultChargePointId: String? = nil) -> Result<Event, SkippedLine> {
        var context = DecodeContext(file: file, defaultChargePointId: defaultChargePointId)
        var bytes = Array(line.utf8)
        let outcome = bytes.withUnsafeMutableBufferPointer { p in
            JSONLinesFormat().decode(UnsafeBufferPointer(p), number: 1, context: &context)
        }
        switch outcome {
        case .event(let e, _): return .success(e)
        case .skip(let reason, let detail): return .failure(SkippedLine(source: SourceRef(file: file, line: 1), reason: reason, detail: detail))
        default: return .failure(SkippedLine(source: SourceRef(file: file, line: 1), reason: .notAnEvent, detail: "not one event"))
        }
    }
}

/// The counts and state ``Analysis/readEvents(inputs:options:countingChargePoints:onEvent:)``
/// keeps while it reads, owned by the one thread that reads.
private final class ReadTally {
    @exclusivity(unchecked) var summary = AnalysisSummary()
    /// Other shards' lines, counted apart and added to the summary at the end.
    @exclusivity(unchecked) var otherShardLines = 0
    @exclusivity(unchecked) var correlator = CallCorrelator()
    @exclusivity(unchecked) var chargePoints = Set<String>()
    @exclusivity(unchecked) var samplesTaken: [SkipReason: Int] = [:]
}
