import ArgumentParser
import OCPPDiagnostics

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay logs with two rule packs and list every diagnosis that changes.",
        discussion: """
            For reviewing a rule edit: each diagnosis is keyed by charge point, connector, trigger line and \
            time; it is added, removed, or changed (another rule, action or severity). Changes are grouped by \
            rule. Exit 1 if anything changed, 0 if nothing did, 2 if a pack does not load.
            """)

    @Option(help: ArgumentHelp("The rule pack before the edit (directory or file).", valueName: "pack"))
    var old: String

    @Option(help: ArgumentHelp("The rule pack after the edit.", valueName: "pack"))
    var new: String

    @Argument(help: ArgumentHelp("Log files to replay.", valueName: "log"))
    var logs: [String]

    @Option(help: "Output format: text or json.")
    var format: Lint.LintFormat = .text

    @Option(name: .customLong("reorder-window"), help: ArgumentHelp("As for analyze.", valueName: "duration"))
    var reorderWindow: TimeSpan = .minutes(5)

    func validate() throws {
        if logs.isEmpty { throw ValidationError("give at least one log to replay") }
        if logs.contains("-") { throw ValidationError("diff reads each log twice; give files, not standard input") }
    }

    @OptionGroup var input: InputOptions

    func run() throws {
        func load(_ path: String, _ name: String) throws -> RulePack {
            let result = RuleLoader.load(paths: [path])
            guard let pack = result.pack else {
                Output.err(DiagnosticRenderer(sources: result.sources).render(result.diagnostics))
                throw CLIError(code: 2, message: "--\(name) \(path): the rule pack has \(result.errors.count) error\(result.errors.count == 1 ? "" : "s")")
            }
            return pack
        }
        let before = try load(old, "old"), after = try load(new, "new")
        var options = AnalysisOptions()
        input.apply(to: &options)
        options.reorderWindow = reorderWindow
        let diff: PackDiff
        do {
            diff = try PackDiff.run(inputs: logs.map(LogInput.init(path:)), old: before, new: after, options: options)
        } catch {
            throw error.cliError
        }
        Output.out(format == .json ? diff.json + "\n" : diff.text)
        if diff.hasChanges { throw ExitCode(1) }
    }
}
