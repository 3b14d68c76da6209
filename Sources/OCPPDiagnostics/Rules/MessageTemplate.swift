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
        // By UTF-8 bytes: `range(of:)` went through Foundation for every search, most of the
        // time of loading a rule (measured). Braces are ASCII, so the cuts fall between scalars;
        // unlike a search by characters, `{{` or `}}` followed by a combining mark still counts.
        let bytes = Array(text.utf8)
        func pair(_ b: UInt8, from start: Int) -> Int? {
            var k = start
            while k + 1 < bytes.count {
                if bytes[k] == b && bytes[k + 1] == b { return k }
                k += 1
            }
            return nil
        }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        var parts: [Part] = []
        var unknown: [String] = []
        var rest = 0
        while let open = pair(UInt8(ascii: "{"), from: rest) {
            if open > rest { parts.append(.text(string(rest..<open))) }
            guard let close = pair(UInt8(ascii: "}"), from: open + 2) else {
                parts.append(.text(string(open..<bytes.count)))
                rest = bytes.count
                break
            }
            let name = string(open + 2..<close).trimmingCharacters(in: .whitespaces)
            if let p = Placeholder(rawValue: name) {
                parts.append(.placeholder(p))
            } else {
                unknown.append(name)
            }
            rest = close + 2
        }
        if rest < bytes.count { parts.append(.text(string(rest..<bytes.count))) }
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
