import ArgumentParser
import OCPPDiagnostics

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load and validate rule packs; report every problem with its position.")

    @Argument(help: ArgumentHelp("Rule packs (directories or files); the built-in pack if none.", valueName: "pack"))
    var packs: [String] = []

    @Option(help: "Output format: text or json.")
    var format: LintFormat = .text

    enum LintFormat: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let result = RuleLoader.load(paths: try PackLoading.resolve(packs))
        switch format {
        case .json:
            Output.out("[" + result.diagnostics.map(\.jsonObject).joined(separator: ",\n") + "]\n")
        case .text:
            Output.err(DiagnosticRenderer(sources: result.sources).render(result.diagnostics))
            let errors = result.errors.count
            let warnings = result.diagnostics.count - errors
            if let pack = result.pack {
                Output.out("\(pack.rules.count) rules and \(pack.tests.count) tests in \(result.sources.count) files: no errors")
                Output.out(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")\n" : "\n")
            } else {
                Output.out("\(errors) error\(errors == 1 ? "" : "s")\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : "") in \(result.sources.count) files\n")
            }
        }
        if result.hasErrors { throw ExitCode(1) }
    }
}
