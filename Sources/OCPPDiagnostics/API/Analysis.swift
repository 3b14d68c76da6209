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
    /// The top-level keys kept in CALLRESULT payloads of JSON lines, when ``payloadsNeeded`` is
    /// set too (nil: all). `run` sets both from the pack; the other keys are validated but
    /// not kept.
    public var answerKeysNeeded: Set<String>?
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
    ///
    /// Payloads no rule of `pack` can read are validated but not kept (see
    /// ``AnalysisOptions/payloadsNeeded`` and ``AnalysisOptions/answerKeysNeeded``), so a
    /// diagnosis's `trigger.payload` holds what the rules read; set
    /// ``AnalysisOptions/elidePayloads`` to false for whole payloads.
    ///
    /// From files, the run's per-charge-point state is freed on a background queue after it
    /// returns (the caller can report meanwhile), so a caller running analyses back to back
    /// may briefly hold two runs' state.
    public static func run(
        inputs: [LogInput], pack: RulePack, options: AnalysisOptions = AnalysisOptions(),
        onDiagnosis: (Diagnosis) -> Void
    ) throws(InputError) -> AnalysisSummary {
        var options = options
        if options.payloadsNeeded == nil && options.elidePayloads {
            options.payloadsNeeded = pack.actionsReadingPayloads
            options.answerKeysNeeded = pack.answerPayloadKeys
        }
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
        if a.connectorId != b.connectorId { return connectorOrder(a.connectorId) < connectorOrder(b.connectorId) }
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
        // The error a one-thread run would meet first: the earliest line in the order lines were read.
        func position(_ e: InputError) -> (Int, Int) {
            if case .strict(let line) = e { return (line.readOrder, line.source.line) }
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
        // The shards' state (every charge point's history, timers and connectors) is freed on
        // another thread while the caller reports: freeing it took ~9 ms of a 1M-line run's
        // serial end (measured), and a command-line run exits without waiting for it.
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(results) {} }
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
        var opened: [OpenInput] = []
        for (i, input) in inputs.enumerated() {
            opened.append(try OpenInput(input, index: i, options: options))
        }
        let reader = EventReader(inputs: opened, options: options, countingChargePoints: countingChargePoints)
        return try withoutActuallyEscaping(onEvent) { (onEvent) throws(InputError) in try reader.run(onEvent: onEvent) }
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
