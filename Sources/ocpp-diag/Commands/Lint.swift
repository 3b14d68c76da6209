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
                Output.out("\(plural(pack.rules.count, "rule")) and \(plural(pack.tests.count, "test")) in \(plural(result.sources.count, "file")): no errors")
                Output.out(warnings > 0 ? ", " + plural(warnings, "warning") + "\n" : "\n")
            } else {
                Output.out("\(plural(errors, "error"))\(warnings > 0 ? ", " + plural(warnings, "warning") : "") in \(plural(result.sources.count, "file"))\n")
            }
        }
        if result.hasErrors { throw ExitCode(1) }
    }
}

func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
