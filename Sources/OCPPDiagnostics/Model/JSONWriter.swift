/// Builds JSON text with keys in the order they are written.
///
/// The diagnosis record's key order is part of its documented shape (DESIGN §5), and
/// `JSONEncoder` neither keeps declaration order nor is fast enough to run per record.
///
/// The text is built as UTF-8 bytes and made a `String` once: a record is some sixty small
/// pieces, and appending each to a `String` cost more than writing the record's bytes (a
/// record took ~44,000 instructions that way; measured).
public struct JSONWriter {
    private var bytes: [UInt8] = []

    public init() {}

    /// The JSON written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    @inline(__always)
    private mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func string(_ s: String) {
        // Runs of bytes that need no escape are appended whole. Every byte that needs an
        // escape is ASCII, so a run never splits a multi-byte character.
        byte(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            var run = 0
            for i in utf8.indices {
                let b = utf8[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run..<i]))
                switch b {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case UInt8(ascii: "\n"): raw("\\n")
                case UInt8(ascii: "\r"): raw("\\r")
                case UInt8(ascii: "\t"): raw("\\t")
                default:
                    let hex = String(b, radix: 16)
                    raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
                run = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[run...]))
        }
        byte(UInt8(ascii: "\""))
    }

    public mutating func optionalString(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    public mutating func optionalInt(_ v: Int?) {
        if let v { raw(String(v)) } else { raw("null") }
    }

    public mutating func number(_ d: Double) {
        if d.isFinite, d.rounded() == d, abs(d) < 1e15 {
            raw(String(Int64(d)))
        } else if d.isFinite {
            raw(String(d))
        } else {
            raw("null")
        }
    }

    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: raw("null")
        case .bool(let b): raw(b ? "true" : "false")
        case .number(let d): number(d)
        case .string(let s): string(s)
        case .array(let items):
            byte(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                value(item)
            }
            byte(UInt8(ascii: "]"))
        case .object(let members):
            byte(UInt8(ascii: "{"))
            for (i, (k, item)) in members.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                string(k)
                byte(UInt8(ascii: ":"))
                value(item)
            }
            byte(UInt8(ascii: "}"))
        }
    }

    /// Writes an object whose members are produced by `body`, calling `key(_:)` before each value.
    public mutating func object(_ body: (inout ObjectWriter) -> Void) {
        var o = ObjectWriter(writer: self)
        o.writer.raw("{")
        body(&o)
        o.writer.raw("}")
        self = o.writer
    }

    public struct ObjectWriter {
        var writer: JSONWriter
        var first = true

        public mutating func key(_ k: String) {
            if !first { writer.raw(",") }
            first = false
            writer.string(k)
            writer.raw(":")
        }

        public mutating func string(_ k: String, _ v: String?) { key(k); writer.optionalString(v) }
        public mutating func int(_ k: String, _ v: Int?) { key(k); writer.optionalInt(v) }
        public mutating func number(_ k: String, _ v: Double) { key(k); writer.number(v) }
        public mutating func bool(_ k: String, _ v: Bool) { key(k); writer.raw(v ? "true" : "false") }
        public mutating func value(_ k: String, _ v: JSONValue) { key(k); writer.value(v) }
        public mutating func raw(_ k: String, _ json: String) { key(k); writer.raw(json) }
        /// A member whose value is an array of objects, one per item.
        public mutating func objects<S: Sequence>(_ k: String, _ items: S, _ body: (inout ObjectWriter, S.Element) -> Void) {
            key(k)
            writer.raw("[")
            for (i, item) in items.enumerated() {
                if i > 0 { writer.raw(",") }
                writer.object { body(&$0, item) }
            }
            writer.raw("]")
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
