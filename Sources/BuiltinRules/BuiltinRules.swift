import Foundation

/// The repository's `Rules/` folder, bundled with the binary as the built-in rule pack.
public enum BuiltinRules {
    /// The directory holding the built-in pack, or nil if the resource bundle is missing.
    public static var directory: String? {
        guard let url = Bundle.module.url(forResource: "Rules", withExtension: nil) else { return nil }
        return url.path
    }
}
