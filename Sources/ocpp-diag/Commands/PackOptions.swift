import ArgumentParser
import BuiltinRules
import Foundation
import OCPPDiagnostics

/// `--rules PATH` (repeatable), defaulting to the built-in pack.
struct RulesOption: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("A rule pack (directory or file); repeatable. Replaces the built-in pack; 'builtin' names it, to extend it: --rules builtin --rules mine/.", valueName: "path"))
    var paths: [String] = []

    /// Loads the pack's rules for evaluation (its tests are for `lint` and `test`), printing
    /// its diagnostics; exits 1 if it has errors.
    func load() throws -> RulePack {
        try PackLoading.load(paths, includingTests: false)
    }
}

enum PackLoading {
    /// The name that stands for the built-in pack in `--rules` and pack arguments, so it can be
    /// extended without the repository: `--rules builtin --rules my-rules/`.
    static let builtinName = "builtin"

    static func builtinDirectory() throws -> String {
        guard let builtin = BuiltinRules.directory else {
            throw CLIError(code: 1, message: "the built-in rule pack is missing from this installation; pass --rules PATH")
        }
        return builtin
    }

    static func resolve(_ paths: [String]) throws -> [String] {
        if paths.isEmpty { return [try builtinDirectory()] }
        return try paths.map { $0 == builtinName && !FileManager.default.fileExists(atPath: $0) ? try builtinDirectory() : $0 }
    }

    /// Loads the given packs, or the built-in one (shown as `Rules/…` in messages).
    static func loadResult(_ paths: [String], includingTests: Bool = true) throws -> LoadResult {
        let resolved = try resolve(paths)
        let builtin = BuiltinRules.directory
        let roots = builtin.map { b in resolved.contains(b) ? [b: "Rules"] : [:] } ?? [:]
        return RuleLoader.load(paths: resolved, displayRoots: roots, includingTests: includingTests)
    }

    static func load(_ paths: [String], includingTests: Bool = true) throws -> RulePack {
        let result = try loadResult(paths, includingTests: includingTests)
        if !result.diagnostics.isEmpty {
            Output.err(DiagnosticRenderer(sources: result.sources).render(result.diagnostics))
        }
        guard let pack = result.pack else {
            Output.err("error: the rule pack has \(result.errors.count) error\(result.errors.count == 1 ? "" : "s")\n")
            throw ExitCode(1)
        }
        return pack
    }
}

extension TimeSpan: ExpressibleByArgument {
    public init?(argument: String) { self.init(milliseconds: 0); guard let d = TimeSpan.parse(argument) else { return nil }; self = d }
}

extension Timestamp: ExpressibleByArgument {
    public init?(argument: String) {
        guard let t = Timestamp.parse(argument) else { return nil }
        self = t
    }
}

extension Severity: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
