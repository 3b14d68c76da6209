/// Reads open inputs into events, time-ordered within the reorder window and with answers
/// paired to their calls, accounting for every line (ingest → order → correlate).
///
/// One reader is one run over its inputs, on one thread (a shard of a parallel run has its
/// own). A class whose state is all single-thread properties: as captured locals of one long
/// function, every update paid a dynamic exclusivity check (measured: a sixth of the
/// instructions of a sharded run).
final class EventReader {
    private let opened: [OpenInput]
    private let ownShard: Shard?
    /// Which ids the shard owns, by their bytes (sharded runs only).
    private let ownership: OwnershipCache?
    private let reorderWindow: TimeSpan
    private let chargePointFilter: Set<String>?
    private let strict: Bool
    private let samplesPerReason: Int
    private let countingChargePoints: Bool
    private let progress: (@Sendable (AnalysisProgress) -> Void)?

    @exclusivity(unchecked) private var summary = AnalysisSummary()
    /// Other shards' lines, counted apart and added to the summary at the end.
    @exclusivity(unchecked) private var otherShardLines = 0
    @exclusivity(unchecked) private var correlator = CallCorrelator()
    @exclusivity(unchecked) private var chargePoints = Set<String>()
    @exclusivity(unchecked) private var samplesTaken: [SkipReason: Int] = [:]
    private let merger = EventMerger()
    /// The limit of the last release that found nothing more, and how many events had been pushed then.
    @exclusivity(unchecked) private var lastRelease: (upTo: Timestamp, pushed: Int)?
    /// Where events go, for the length of ``run(onEvent:)``.
    @exclusivity(unchecked) private var onEvent: (Event, _ late: Bool) -> Void = { _, _ in }

    /// Event boxes handed back after `onEvent`, for this reader's inputs to fill again.
    private let recycler = EventRecycler()

    /// `countingChargePoints`: whether to keep the set of charge points seen for the summary.
    init(inputs: [OpenInput], options: AnalysisOptions, countingChargePoints: Bool) {
        opened = inputs
        for input in inputs { input.context.recycler = recycler }
        ownShard = options.shard
        ownership = options.shard.flatMap { $0.count > 1 ? OwnershipCache(shard: $0) : nil }
        reorderWindow = options.reorderWindow
        chargePointFilter = options.chargePoints
        strict = options.strict
        samplesPerReason = options.samplesPerReason
        self.countingChargePoints = countingChargePoints
        progress = options.progress
    }

    deinit { ownership?.deallocate() }

    /// Reads every input to its end, handing each event to `onEvent` with whether it arrived late.
    func run(onEvent: @escaping (Event, _ late: Bool) -> Void) throws(InputError) -> AnalysisSummary {
        self.onEvent = onEvent
        defer { self.onEvent = { _, _ in } }
        // Progress comes from one reader only (shard 0 of a parallel run), every 64k lines.
        let reportsProgress = progress != nil && (ownShard?.index ?? 0) == 0
        let sizes = opened.map { $0.raw.fileSize }
        let totalBytes: Int64? = sizes.contains(nil) ? nil : sizes.compactMap { $0 }.reduce(0, +)
        @inline(__always) func reportProgress() {
            if reportsProgress, summary.linesRead & 0xFFFF == 0xFFFF {
                progress!(AnalysisProgress(linesRead: summary.linesRead + 1, bytesRead: opened.map(\.raw.bytesRead).reduce(0, +),
                                           totalBytes: totalBytes))
            }
        }
        if opened.count == 1 {
            // The usual single input, taken out of the array once rather than for every line.
            let input = opened[0]
            while !input.finished {
                reportProgress()
                try readLine(of: input)
                releaseInOrder(after: input)
            }
        } else {
            while true {
                reportProgress()
                // Read from the input that lags furthest behind, so the reorder buffer stays small.
                var next: OpenInput?
                for input in opened where !input.finished {
                    if next == nil { next = input; continue }
                    if let f = input.frontier, let g = next!.frontier, f < g { next = input }
                    else if input.frontier == nil && next!.frontier != nil { next = input }
                }
                guard let input = next else { break }
                try readLine(of: input)
                releaseInOrder(after: input)
            }
        }
        while let event = merger.release(upTo: nil) { deliver(event, late: false) }
        if otherShardLines > 0 { summary.linesSkipped[.otherShard, default: 0] += otherShardLines }
        if countingChargePoints { summary.chargePoints = chargePoints.count }
        summary.uncorrelatedAnswers = correlator.uncorrelated
        return summary
    }

    /// Reads and accounts for the next line of `input` (or ends it).
    private func readLine(of input: OpenInput) throws(InputError) {
        guard let line = input.reader.next() else { return try end(input) }
        var known: KnownOwner?
        if stepsOver(line, of: input, known: &known) { return }
        let lineNumber = line.number
        let outcome = classify(line.bytes, number: lineNumber, oversized: line.oversized, input: input, known: known)
        summary.linesRead += 1
        if case .skip(.otherShard, _) = outcome, input.heldLines == 0 {
            otherShardLines += 1  // stepped over, its time already seen: nothing else to account
        } else if input.reader.lastLineCut, input.heldLines > 0 {
            // The cut line ends any record held open before it.
            let held = input.format.finish(context: &input.context)
                ?? .skip(.truncatedRecord, "the record is not complete where the input stopped")
            try apply(.closing(held, then: outcome), number: lineNumber, input: input)
        } else {
            try apply(outcome, number: lineNumber, input: input)
        }
    }

    /// A sharded line's hints and whether its charge point is the shard's, once found.
    private typealias KnownOwner = (hints: LineHints, owned: Bool)

    /// Steps over another shard's JSON line written the common way, with its time: what
    /// ``classify(_:number:oversized:input:known:)`` and the accounting do for it, without the
    /// outcome they make (half of all lines with two threads; measured). For a line it does not
    /// step over, `known` is what it found, so that it is not found again.
    @inline(__always)
    private func stepsOver(_ line: LineReader.Line, of input: OpenInput, known: inout KnownOwner?) -> Bool {
        guard let ownership, input.readsJSONLines, input.heldLines == 0, !line.oversized, !input.reader.lastLineCut,
              let base = line.bytes.baseAddress, let hints = JSONLinesFormat.commonHints(base, line.bytes.count),
              let id = hints.chargePoint, let time = hints.time
        else { return false }
        let owned = ownership.owns(UnsafeBufferPointer(rebasing: line.bytes[id]), readable: line.bytes.count - id.lowerBound)
        known = (hints, owned)
        guard !owned, let t = input.context.parseLineTime(UnsafeBufferPointer(rebasing: line.bytes[time])) else { return false }
        input.hintedChargePoint = nil
        input.ownedByHint = false
        summary.linesRead += 1
        otherShardLines += 1
        seenOnLine(t, in: input)
        return true
    }

    /// What one line is: decoded by the input's format, or stepped over.
    private func classify(_ bytes: UnsafeBufferPointer<UInt8>, number: Int, oversized: Bool, input: OpenInput, known: KnownOwner?) -> LineOutcome {
        // Every line that shows a log time moves its input's clock, whoever decodes it: the
        // clock decides order and lateness, which must not depend on how a run is split.
        // The time is read from the line (the hint) only where decoding does not read it
        // anyway: an event with its own line time moves the clock when it is admitted.
        input.hintedChargePoint = nil
        input.ownedByHint = false
        let hintable = !oversized && input.heldLines == 0
        let sharded = (ownShard?.count ?? 1) > 1 && hintable
        // Sharding needs the hints of every line (they say whose it is); otherwise they are
        // read only for lines that do not decode into an event with its own time.
        var hints = sharded ? (known?.hints ?? lineHints(bytes, input)) : nil
        if oversized { return .skip(.oversized, "line longer than \(LineReader.maxLineBytes) bytes") }
        if input.reader.lastLineCut, let failure = input.reader.failure {
            // The input stopped in the middle of this line (a truncated .gz): it is where it stopped.
            if hintable, let t = lineTime(bytes, hints ?? lineHints(bytes, input), input) { seenOnLine(t, in: input) }
            return .skip(failure.reason, failure.detail)
        }
        if input.heldLines == 0 && bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .skip(.blank, "blank line") }
        if sharded, let lineHints = hints, let id = lineHints.chargePoint {
            if !(known?.owned ?? ownership!.owns(UnsafeBufferPointer(rebasing: bytes[id]), readable: bytes.count - id.lowerBound)) {
                if let t = lineTime(bytes, lineHints, input) {
                    // Another shard's line, stepped over: its time moves the clock, and if it is
                    // damaged, the shard its charge point names decodes and counts it.
                    seenOnLine(t, in: input)
                    return .skip(.otherShard, "")
                }
            } else if input.readsJSONLines {
                input.ownedByHint = true
            }
        }
        // What stepping over found is this line's common envelope: not found again.
        input.context.commonHints = known?.hints
        let decoded = input.format.decode(bytes, number: number, context: &input.context)
        input.context.commonHints = nil
        if case .event(let event, untimed: false) = decoded, chargePointFilter?.contains(event.chargePointId) ?? true {
            // Admitted (or handed to its shard) at its line time: that moves the clock.
        } else if hintable {
            let found = hints ?? lineHints(bytes, input)
            hints = found
            if let t = lineTime(bytes, found, input) { seenOnLine(t, in: input) }
            // A line that cannot be read belongs to the shard its charge point names.
            if sharded { input.hintedChargePoint = found.chargePoint.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) } }
        }
        return decoded
    }

    /// The end of `input`: records it still holds, and untimed events that never got a time.
    private func end(_ input: OpenInput) throws(InputError) {
        input.finished = true
        input.ownedByHint = false
        if input.heldLines > 0 {
            let held = input.format.finish(context: &input.context)
                ?? .skip(.truncatedRecord, "the record is not complete at the end of the input")
            let (count, from) = (input.heldLines, input.heldFrom)
            input.heldLines = 0
            try settle(held, lines: count, first: from, input: input)
        }
        // Untimed events and no event with a time after them: there is no time to give them.
        for early in input.waiting {
            summary.events -= 1
            summary.untimedEvents -= 1
            summary.linesUsed -= early.lines
            try skip(.badTimestamp, "no time on the line, in its payload, or on any event of the input", early.source, lines: early.lines,
                     chargePoint: early.event.chargePointId)
        }
        input.waiting = []
        if let failure = input.reader.failure, !input.reader.lastLineCut {
            summary.linesRead += 1
            try skip(failure.reason, failure.detail, SourceRef(file: input.displayName, line: input.reader.lineNumber + 1), lines: 1)
        }
    }

    /// Hands over what no input can still put an earlier event before: everything up to the
    /// lowest frontier of the unfinished inputs, less the window.
    private func releaseInOrder(after input: OpenInput) {
        var threshold: Timestamp?
        if opened.count == 1 {
            // The usual single input: no loop over the inputs for every line.
            guard !input.finished else { return }
            guard let frontier = input.frontier else { return }
            threshold = frontier
        } else {
            for i in opened where !i.finished {
                guard let f = i.frontier else { return }
                if threshold == nil || f < threshold! { threshold = f }
            }
        }
        guard let threshold else { return }
        let upTo = threshold - reorderWindow
        // Most lines move no clock (and other shards' lines push nothing): then the merger
        // holds nothing new to release, and is not asked.
        if let last = lastRelease, last.upTo == upTo, last.pushed == merger.sequence { return }
        while let event = merger.release(upTo: upTo) { deliver(event, late: false) }
        lastRelease = (upTo, merger.sequence)
    }

    private func deliver(_ event: consuming Event, late: Bool) {
        var e = event  // the only reference left, so correlating changes it in place
        correlator.correlate(&e)
        if countingChargePoints { chargePoints.insert(e.chargePointId) }
        if summary.from == nil || e.timestamp < summary.from! { summary.from = e.timestamp }
        if summary.to == nil || e.timestamp > summary.to! { summary.to = e.timestamp }
        onEvent(e, late)
        e.recycle(into: recycler)
    }

    /// Lines that name no charge point belong to shard 0, so that across shards each line is counted once.
    private func skip(_ reason: SkipReason, _ detail: String, _ source: SourceRef, lines: Int, chargePoint: String? = nil) throws(InputError) {
        if case .otherShard = reason {
            otherShardLines += lines  // half of all lines with two threads: counted without hashing
            return
        }
        var reason = reason
        if let shard = ownShard, shard.count > 1,
           !(chargePoint.map { shard.owns($0) } ?? (shard.index == 0)) {
            reason = .otherShard
        }
        summary.linesSkipped[reason, default: 0] += lines
        var line = SkippedLine(source: source, reason: reason, detail: detail)
        line.readOrder = summary.linesRead
        if strict && !reason.isBenign { throw .strict(line) }
        if !reason.isBenign, samplesTaken[reason, default: 0] < samplesPerReason {
            samplesTaken[reason, default: 0] += 1
            summary.samples.append(line)
        }
    }

    /// One event of `input` that stands for `lines` lines: filtered, or counted and admitted.
    /// False when filtered.
    private func use(_ event: Event, untimed: Bool, lines: Int, source: SourceRef, from input: OpenInput) -> Bool {
        if let filter = chargePointFilter, !filter.contains(event.chargePointId) { return false }
        summary.events += 1
        if untimed { summary.untimedEvents += 1 }
        if event.timestamp == .unknown {
            input.waiting.append((event, lines, source))
            return true
        }
        releaseWaiting(at: event.timestamp, from: input)
        if let reported = event.reportedAt, ClockSkew.isSkewed(reported: reported, logged: event.timestamp) { summary.clockSkew += 1 }
        admit(event, from: input)
        return true
    }

    /// Gives the untimed events at the start of an input the first time the input shows,
    /// whichever charge point (and shard) that line belongs to.
    private func releaseWaiting(at time: Timestamp, from input: OpenInput) {
        guard !input.waiting.isEmpty else { return }
        let early = input.waiting
        input.waiting = []
        for var e in early {
            e.event.timestamp = time
            if let reported = e.event.reportedAt, ClockSkew.isSkewed(reported: reported, logged: time) { summary.clockSkew += 1 }
            admit(e.event, from: input)
        }
    }

    /// A line's own time, read from its hint (a line not decoded, or not into an event with
    /// that time): it moves the input's clock, and an untimed line after it takes this time,
    /// as after a decoded line — so that what an untimed line takes does not depend on which
    /// shard decodes the lines before it.
    private func seenOnLine(_ time: Timestamp, in input: OpenInput) {
        input.context.lastTimestamp = time
        seen(time, in: input)
    }

    /// Moves an input's clock: its events, and other shards' lines stepped over.
    private func seen(_ time: Timestamp, in input: OpenInput) {
        if !input.waiting.isEmpty { releaseWaiting(at: time, from: input) }
        if input.frontier == nil || time > input.frontier! { input.frontier = time }
        if summary.latestSeen == nil || time > summary.latestSeen! { summary.latestSeen = time }
    }

    /// Hands an event with its time to the merger.
    private func admit(_ event: Event, from input: OpenInput) {
        // Later than the window behind what this input already showed: late, even if
        // it can still be put in order because nothing after it was released yet.
        let beyondWindow = input.frontier.map { event.timestamp < $0 - reorderWindow } ?? false
        seen(event.timestamp, in: input)
        if let late = merger.push(event, input: input.index) {
            summary.lateEvents += 1
            deliver(late, late: true)
        } else if beyondWindow {
            summary.lateEvents += 1
        }
    }

    /// Accounts for `lines` lines starting at `first` with one outcome of the input's format.
    private func settle(_ outcome: LineOutcome, lines: Int, first: Int, input: OpenInput) throws(InputError) {
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
            summary.linesUsed += lines
        case .event(let event, _) where event.timestamp == .unknown && input.waiting.count >= OpenInput.maxWaiting:
            try skip(.badTimestamp, "no time on the line or in its payload, and none on the \(OpenInput.maxWaiting) events before it", source, lines: lines,
                     chargePoint: event.chargePointId)
        case .event(let event, _) where !(lines == 1 && input.ownedByHint) && (ownShard.map { !$0.owns(event.chargePointId) } ?? false):
            if event.timestamp != .unknown { seen(event.timestamp, in: input) }
            try skip(.otherShard, "", source, lines: lines)
        case .event(let event, let untimed):
            if use(event, untimed: untimed, lines: lines, source: source, from: input) {
                summary.linesUsed += lines
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
                summary.linesUsed += lines
            } else {
                try skip(.filtered, "no selected charge point on the line", source, lines: lines, chargePoint: events.first?.0.chargePointId)
            }
        case .closing(let held, _):
            try settle(held, lines: lines, first: first, input: input)
        }
    }
    /// Applies the format's outcome for line `number`, with the lines it held before.
    private func apply(_ outcome: LineOutcome, number: Int, input: OpenInput) throws(InputError) {
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
    private func lineHints(_ bytes: UnsafeBufferPointer<UInt8>, _ input: OpenInput) -> LineHints {
        input.readsJSONLines ? JSONLinesFormat().hints(bytes) : input.format.hints(bytes)
    }
    /// The time a line's hints point at, read.
    private func lineTime(_ bytes: UnsafeBufferPointer<UInt8>, _ hints: LineHints, _ input: OpenInput) -> Timestamp? {
        guard let range = hints.time else { return nil }
        return input.context.parseLineTime(UnsafeBufferPointer(rebasing: bytes[range]))
    }
}
