import Foundation

/// The repository's `Rules/` folder, bundled with the binary as the built-in rule pack.
public enum BuiltinRules {
    /// The resources SwiftPM puts beside the built binary for this target: a folder on Linux,
    /// a bundle on Apple platforms.
    static let resourceFolder = "ocpp-diag_BuiltinRules.resources"
    static let resourceBundle = "ocpp-diag_BuiltinRules.bundle"

    /// The directory holding the built-in pack, or nil if the resource bundle is missing.
    ///
    /// Looked for beside the executable (as built, installed, or reached through a symlink)
    /// rather than through `Bundle.module`, which stops the program when the bundle is not
    /// there, even for a run that names its own rules with `--rules`.
    public static var directory: String? {
        var places = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL {
            places.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for place in places {
            let rules = place.appendingPathComponent(resourceFolder).appendingPathComponent("Rules")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: rules.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return rules.path
            }
            if let bundle = Bundle(url: place.appendingPathComponent(resourceBundle)),
               let url = bundle.url(forResource: "Rules", withExtension: nil) {
                return url.path
            }
        }
        return nil
    }
}
