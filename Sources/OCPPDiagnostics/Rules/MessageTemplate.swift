import Foundation

/// A `then.message` with `{{placeholders}}`, parsed once at load time.
public struct MessageTemplate: Hashable, Sendable {
    public enum Placeholder: String, Sendable, CaseIterable {
        case chargePointId, connectorId, status, errorCode, vendorErrorCode, info, timestamp, count, duration
    }

    public enum Part: Hashable, Sendable {
        case text(String)
        case placeholder(Placeholder)
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    /// Parses `{{name}}` (spaces inside the braces allowed). Unknown names are returned in `unknown`.
    public static func parse(_ text: String) -> (template: MessageTemplate, unknown: [String]) {
        var parts: [Part] = []
        var unknown: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                parts.append(.text(String(rest[open.lowerBound...])))
                rest = ""
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let p = Placeholder(rawValue: name) {
                parts.append(.placeholder(p))
            } else {
                unknown.append(name)
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return (MessageTemplate(parts: parts), unknown)
    }

    public var placeholders: [Placeholder] {
        parts.compactMap { if case .placeholder(let p) = $0 { p } else { nil } }
    }

    /// Fills the template; an absent value renders as an empty string.
    public func render(_ value: (Placeholder) -> String?) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .placeholder(let p): out += value(p) ?? ""
            }
        }
        return out
    }
}
