import ArgumentParser
import Foundation
import OCPPDiagnostics

/// How input logs are read: `--input-format`, `--timezone`, `--perspective` (analyze, diagnose --history).
struct InputOptions: ParsableArguments {
    @Option(name: .customLong("input-format"),
            help: ArgumentHelp("Read every input as this shape instead of detecting it per file: \(InputFormats.names.joined(separator: ", ")).", valueName: "name"))
    var inputFormat: String?

    @Option(help: ArgumentHelp("IANA time zone for log times that name no UTC offset (default UTC); output is always UTC.", valueName: "zone"))
    var timezone: String?

    @Option(help: ArgumentHelp("Whose log a receive/send log is: central-system (default) or charge-point.", valueName: "side"))
    var perspective: Perspective = .centralSystem

    func validate() throws {
        if let inputFormat, !InputFormats.isKnown(inputFormat) {
            throw ValidationError("unknown input format '\(inputFormat)'; expected one of \(InputFormats.names.joined(separator: ", "))")
        }
        if let timezone, TimeZone(identifier: timezone) == nil {
            throw ValidationError("unknown time zone '\(timezone)'; expected an IANA name such as Europe/Berlin or UTC")
        }
    }

    func apply(to options: inout AnalysisOptions) {
        options.inputFormat = inputFormat
        if let timezone, let zone = TimeZone(identifier: timezone) { options.timeZone = zone }
        options.perspective = perspective
    }
}

extension Perspective: ExpressibleByArgument {}

extension InputError {
    /// The CLI's exit for an input that cannot be used: 66 cannot open, 2 a bad option, 65 otherwise.
    var cliError: CLIError {
        switch self {
        case .cannotOpen: return CLIError(code: 66, message: description)
        case .unknownInputFormat: return CLIError(code: 2, message: description)
        case .undetectableFormat, .strict: return CLIError(code: 65, message: description)
        }
    }
}
