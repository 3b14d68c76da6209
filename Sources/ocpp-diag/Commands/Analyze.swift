import ArgumentParser
import OCPPDiagnostics

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate the rule pack over OCPP logs and report diagnoses.",
        discussion: "Reads files (or - for stdin). Every line is accounted for: used, or skipped with a reason.")

    @Argument(help: ArgumentHelp("Log files; - reads standard input.", valueName: "file"))
    var files: [String] = []

    @OptionGroup var rules: RulesOption

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: table, json, jsonl, csv, markdown, html.")
    var format: ReportFormat = .table

    @Option(help: ArgumentHelp("Write the report to this file (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("charge-point"), help: ArgumentHelp("Only this charge point; repeatable.", valueName: "id"))
    var chargePoints: [String] = []

    @Option(help: ArgumentHelp("Report diagnoses at or after this time (ISO 8601; without an offset, in --timezone).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Report diagnoses at or before this time (ISO 8601; without an offset, in --timezone).", valueName: "time"))
    var until: String?

    @Flag(help: "Stop at the first line that cannot be read (exit 65).")
    var strict = false

    @Option(name: .customLong("reorder-window"), help: ArgumentHelp("Events out of order by up to this much are evaluated in order.", valueName: "duration"))
    var reorderWindow: TimeSpan = .minutes(5)

    @Option(help: ArgumentHelp("Threads for files (default: one per core); charge points are split across them. Output does not depend on it.", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("Only the charge points whose id hashes to shard K of N (0-based K), e.g. 0/4; the union of all shards' outputs is the whole output.", valueName: "K/N"))
    var shard: String?

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 if any diagnosis has this severity or higher.", valueName: "severity"))
    var failOn: Severity?

    func run() throws {
        let pack = try rules.load()
        var options = AnalysisOptions()
        options.reorderWindow = reorderWindow
        options.chargePoints = chargePoints.isEmpty ? nil : Set(chargePoints)
        options.strict = strict
        if let threads {
            guard threads >= 1 else { throw CLIError(code: 2, message: "--threads must be at least 1") }
            options.threads = threads
        }
        if let shard {
            guard let parsed = Shard(shard) else { throw CLIError(code: 2, message: "--shard takes K/N with 0 ≤ K < N, e.g. 0/4; found '\(shard)'") }
            options.shard = parsed
        }
        input.apply(to: &options)
        for (flag, text) in [("--since", since), ("--until", until)] {
            guard let text else { continue }
            guard let t = options.time(text) else { throw CLIError(code: 2, message: "\(flag): expected an ISO 8601 time, found '\(text)'") }
            if flag == "--since" { options.since = t } else { options.until = t }
        }
        if let since = options.since, let until = options.until, since > until {
            throw CLIError(code: 2, message: "--since \(since.iso8601) is after --until \(until.iso8601): no diagnosis could be reported")
        }
        // A single --charge-point also names the charger for shapes that carry no id.
        if chargePoints.count == 1 { options.defaultChargePointId = chargePoints[0] }
        options.progress = ProgressLine.reporter()
        let inputs = (files.isEmpty ? ["-"] : files).map(LogInput.init(path:))

        let sink = try ReportSink(path: output)
        var collected: [Diagnosis] = []
        var worst: Severity?
        let summary: AnalysisSummary
        do {
            summary = try Analysis.run(inputs: inputs, pack: pack, options: options) { d in
                if worst == nil || d.severity > worst! { worst = d.severity }
                if format.isStreaming {
                    sink.write(d.jsonRecord + "\n")
                } else {
                    collected.append(d)
                }
            }
        } catch {
            ProgressLine.clear()
            sink.abandon()
            throw error.cliError
        }
        ProgressLine.clear()
        for sample in summary.samples {
            Output.err("warning: \(sample)\n")
        }
        let shown = summary.samples.count, skipped = summary.linesSkipped.filter { !$0.key.isBenign }.values.reduce(0, +)
        if skipped > shown {
            Output.err("warning: \(skipped - shown) more damaged line\(skipped - shown == 1 ? "" : "s") skipped (see the summary)\n")
        }
        if !chargePoints.isEmpty && summary.events == 0 && summary.linesRead > 0 {
            Output.err("warning: no event of \(chargePoints.map { "'\($0)'" }.joined(separator: ", ")) in the input (check the id)\n")
        }
        if !format.isStreaming {
            sink.write(ReportRenderer.render(format, diagnoses: collected, summary: summary))
        }
        try sink.commit()
        if let failOn, let worst, worst >= failOn { throw ExitCode(1) }
    }
}
