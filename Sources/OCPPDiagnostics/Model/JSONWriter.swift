/// Builds JSON text with keys in the order they are written.
///
/// The diagnosis record's key order is part of its documented shape (DESIGN §5), and
/// `JSONEncoder` neither keeps declaration order nor is fast enough to run per record.
public struct JSONWriter {
    public private(set) var text = ""

    public init() {}

    public mutating func raw(_ s: String) { text += s }

    public mutating func string(_ s: String) {
        // Runs of bytes that need no escape are appended whole: causes and actions are long
        // texts, and appending them scalar by scalar made a record cost ~400,000 instructions
        // (measured). Every byte that needs an escape is ASCII, so runs end on scalar boundaries.
        text += "\""
        let utf8 = s.utf8
        var run = utf8.startIndex, i = run
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                text += s[run..<i]
                switch byte {
                case UInt8(ascii: "\""): text += "\\\""
                case UInt8(ascii: "\\"): text += "\\\\"
                case UInt8(ascii: "\n"): text += "\\n"
                case UInt8(ascii: "\r"): text += "\\r"
                case UInt8(ascii: "\t"): text += "\\t"
                default:
                    let hex = String(byte, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
                run = utf8.index(after: i)
            }
            utf8.formIndex(after: &i)
        }
        text += s[run..<i]
        text += "\""
    }

    public mutating func optionalString(_ s: String?) {
        if let s { string(s) } else { text += "null" }
    }

    public mutating func optionalInt(_ v: Int?) {
        if let v { text += String(v) } else { text += "null" }
    }

    public mutating func number(_ d: Double) {
        if d.isFinite, d.rounded() == d, abs(d) < 1e15 {
            text += String(Int64(d))
        } else if d.isFinite {
            text += String(d)
        } else {
            text += "null"
        }
    }

    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: text += "null"
        case .bool(let b): text += b ? "true" : "false"
        case .number(let d): number(d)
        case .string(let s): string(s)
        case .array(let items):
            text += "["
            for (i, item) in items.enumerated() {
                if i > 0 { text += "," }
                value(item)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (i, (k, item)) in members.enumerated() {
                if i > 0 { text += "," }
                string(k)
                text += ":"
                value(item)
            }
            text += "}"
        }
    }

    /// Writes an object whose members are produced by `body`, calling `key(_:)` before each value.
    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        var o = ObjectWriter(writer: self)
        o.writer.text += "{"
        body(&o)
        o.writer.text += "}"
        self = o.writer
    }

    public struct ObjectWriter {
        var writer: JSONWriter
        var first = true

        public mutating func key(_ k: String) {
            if !first { writer.text += "," }
            first = false
            writer.string(k)
            writer.text += ":"
        }

        public mutating func string(_ k: String, _ v: String?) { key(k); writer.optionalString(v) }
        public mutating func int(_ k: String, _ v: Int?) { key(k); writer.optionalInt(v) }
        public mutating func number(_ k: String, _ v: Double) { key(k); writer.number(v) }
        public mutating func bool(_ k: String, _ v: Bool) { key(k); writer.text += v ? "true" : "false" }
        public mutating func value(_ k: String, _ v: JSONValue) { key(k); writer.value(v) }
        public mutating func raw(_ k: String, _ json: String) { key(k); writer.text += json }
        /// A member whose value is an array of objects, one per item.
        public mutating func objects<S: Sequence>(_ k: String, _ items: S, _ body: (inout ObjectWriter, S.Element) -> Void) {
            key(k)
            writer.text += "["
            for (i, item) in items.enumerated() {
                if i > 0 { writer.text += "," }
                writer.object { body(&$0, item) }
            }
            writer.text += "]"
        }

        public mutating func object(_ k: String, _ body: (inout ObjectWriter) -> Void) {
            key(k)
            writer.object(body)
        }
    }
}

extension JSONValue {
    /// Compact JSON text.
    public var jsonText: String {
        var w = JSONWriter()
        w.value(self)
        return w.text
    }
}
