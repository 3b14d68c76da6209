import ArgumentParser
import OCPPDiagnostics

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load and validate rule packs; report every problem with its position.",
        discussion: """
            Errors make the pack unusable (exit 1). Warnings point at rules that load but likely do not do \
            what was meant: shadowed rules, ties decided only by pack order, rules that match every event, \
            short for: durations, needless regexes (exit 0, or 1 with --warnings-as-errors). With --coverage, \
            also prints which OCPP 1.6 status × error code combinations get a diagnosis, which rules no test \
            exercises and which tests exercise no rule.
            """)

    @Argument(help: ArgumentHelp("Rule packs (directories or files); the built-in pack if none.", valueName: "pack"))
    var packs: [String] = []

    @Option(help: "Output format: text or json.")
    var format: LintFormat = .text

    @Flag(name: .customLong("warnings-as-errors"), help: "Exit 1 when there are warnings.")
    var warningsAsErrors = false

    @Flag(help: "Print the status × error code coverage matrix and the rules and tests that exercise nothing.")
    var coverage = false

    @Option(name: .customLong("min-coverage"), help: ArgumentHelp("With --coverage: exit 1 if fewer than this percentage of cells get a diagnosis.", valueName: "percent"))
    var minCoverage: Double?

    enum LintFormat: String, ExpressibleByArgument { case text, json }

    func validate() throws {
        if minCoverage != nil && !coverage { throw ValidationError("--min-coverage needs --coverage") }
        if let p = minCoverage, !(0...100).contains(p) { throw ValidationError("--min-coverage is a percentage from 0 to 100") }
    }

    func run() throws {
        let result = try PackLoading.loadResult(packs)
        let warnings = RuleLinter.warnings(for: result)
        let all = (result.diagnostics + warnings).sorted {
            ($0.location?.file ?? "", $0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.file ?? "", $1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        let report = coverage ? result.pack.map(CoverageReport.init(pack:)) : nil
        switch format {
        case .json:
            let list = "[" + all.map(\.jsonObject).joined(separator: ",\n") + "]"
            if coverage {
                Output.out("{\"diagnostics\":\(list),\n\"coverage\":\(report?.json ?? "null")}\n")
            } else {
                Output.out(list + "\n")
            }
        case .text:
            Output.err(DiagnosticRenderer(sources: result.sources).render(all))
            let errors = result.errors.count
            let w = warnings.isEmpty ? "" : ", \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
            if let pack = result.pack {
                Output.out("\(plural(pack.rules.count, "rule")) and \(plural(pack.tests.count, "test")) in \(plural(result.sources.count, "file")): no errors\(w)\n")
            } else {
                Output.out("\(plural(errors, "error"))\(w) in \(plural(result.sources.count, "file"))\n")
            }
            if let report { Output.out("\n" + report.text) }
        }
        if result.hasErrors { throw ExitCode(1) }
        if warningsAsErrors && !warnings.isEmpty {
            if format == .text { Output.err("error: \(warnings.count) warning\(warnings.count == 1 ? "" : "s") and --warnings-as-errors\n") }
            throw ExitCode(1)
        }
        if let minCoverage, let report, report.percentCovered < minCoverage {
            if format == .text {
                Output.err("error: \(report.percentText)% of status × error code cells covered, below --min-coverage \(minCoverage.formatted0)%\n")
            }
            throw ExitCode(1)
        }
    }
}

extension Double {
    /// `80` for 80.0, `82.6` otherwise.
    var formatted0: String { rounded() == self ? String(Int(self)) : String(self) }
}

func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
