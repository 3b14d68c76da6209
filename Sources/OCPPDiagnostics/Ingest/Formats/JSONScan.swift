/// Follows the nesting of JSON text fed in pieces (line by line), to tell where a value that
/// spans lines ends. Strings and their escapes are tracked, so brackets inside them do not count.
/// (The JSON parser takes a complete value; this finds where one ends, so a multi-line record
/// or an array element can be cut out and parsed without holding more than that value.)
struct JSONScan {
    private(set) var depth = 0
    private var inString = false
    private var escaped = false
    private(set) var started = false

    /// Feeds bytes; returns the index just past the byte that closed the outermost value, if one did.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        var i = from
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B: depth += 1; started = true
            case 0x5D, 0x7D:
                depth -= 1
                if depth <= 0 && started { depth = 0; return i }
            default: break
            }
        }
        return nil
    }

    /// Whether everything fed so far left a value open.
    var isOpen: Bool { started && depth > 0 || inString }
}

/// The lines of one multi-line record, gathered up to the 1 MiB line limit.
struct HeldText {
    var bytes: [UInt8] = []
    var oversized = false

    mutating func append(_ line: UnsafeBufferPointer<UInt8>, newline: Bool = true) {
        guard !oversized else { return }
        if bytes.count + line.count + 1 > LineReader.maxLineBytes {
            oversized = true
            bytes = []
            return
        }
        bytes.append(contentsOf: line)
        if newline { bytes.append(0x0A) }
    }
}
