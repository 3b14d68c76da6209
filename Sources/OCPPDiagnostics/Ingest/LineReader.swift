#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a byte source (a file, stdin, or a gzip stream over either) line by line with one reusable buffer.
///
/// Hand-written rather than `FileHandle.bytes.lines` because that path allocates per
/// line and cannot cap a line's length: a line over ``maxLineBytes`` is reported as
/// oversized and skipped without ever being held in memory whole.
final class LineReader {
    static let maxLineBytes = 1 << 20
    /// Bytes asked of the source per read. Small enough that thousands of inputs open at
    /// once (a fleet's per-charger files) stay cheap; the buffer grows for long lines.
    static let chunk = 1 << 16

    private let source: ByteSource
    @exclusivity(unchecked) private var buffer: [UInt8] = []
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    @exclusivity(unchecked) private var eof = false
    @exclusivity(unchecked) private(set) var lineNumber = 0
    /// Why the input stopped early (a read error, a truncated or damaged gzip stream), once it ended.
    var failure: (reason: SkipReason, detail: String)? { eof ? source.failure : nil }
    /// Whether the last line handed out had no line end because the input stopped early.
    @exclusivity(unchecked) private(set) var lastLineCut = false

    init(source: ByteSource) {
        self.source = source
        buffer = [UInt8](repeating: 0, count: LineReader.chunk * 2)
    }

    /// The first bytes of the input without consuming them (format detection). A UTF-8
    /// byte order mark at the very start is dropped here, once.
    func peek(_ count: Int) -> [UInt8] {
        while end - start < max(count, 3) && !eof { fill() }
        if !bomChecked {
            bomChecked = true
            if end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF { start += 3 }
        }
        return Array(buffer[start..<min(end, start + count)])
    }

    @exclusivity(unchecked) private var bomChecked = false

    private func fill() {
        if start > 0 && start == end { start = 0; end = 0 }
        if buffer.count - end < LineReader.chunk {
            if start > 0 {
                buffer.withUnsafeMutableBufferPointer { p in
                    _ = memmove(p.baseAddress!, p.baseAddress! + start, end - start)
                }
                end -= start
                start = 0
            }
            if buffer.count - end < LineReader.chunk {
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
        }
        let n = buffer.withUnsafeMutableBufferPointer { p in source.read(into: p.baseAddress! + end, capacity: LineReader.chunk) }
        if n > 0 {
            end += n
        } else {
            eof = true
        }
    }

    /// Calls `body` with the next line (without its `\n` or `\r\n`), its number, and whether
    /// it was too long (then the bytes are empty). Returns nil at end of input.
    func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>, Int, Bool) -> R) -> R? {
        var scanFrom = start
        var oversized = false
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { (p) -> Int? in
                guard scanFrom < end else { return nil }
                let base = UnsafeRawPointer(p.baseAddress! + scanFrom)
                guard let hit = memchr(base, 0x0A, end - scanFrom) else { return nil }
                return scanFrom + (UnsafeRawPointer(hit) - base)
            }
            if let nl = found {
                lineNumber += 1
                defer { start = nl + 1 }
                if oversized || nl - start > LineReader.maxLineBytes {
                    return body(UnsafeBufferPointer<UInt8>(start: nil, count: 0), lineNumber, true)
                }
                var lineEnd = nl
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return buffer.withUnsafeBufferPointer { p in
                    body(UnsafeBufferPointer(rebasing: p[start..<lineEnd]), lineNumber, false)
                }
            }
            if end - start > LineReader.maxLineBytes {
                // Drop what we have of this line; keep scanning for its end.
                oversized = true
                start = end
            }
            if eof {
                guard end > start || oversized else {
                    // Done: give the buffer back (many inputs may stay open until the run ends).
                    buffer = []
                    start = 0
                    end = 0
                    return nil
                }
                lineNumber += 1
                lastLineCut = source.failure != nil
                defer { start = end }
                if oversized { return body(UnsafeBufferPointer<UInt8>(start: nil, count: 0), lineNumber, true) }
                var lineEnd = end
                if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return buffer.withUnsafeBufferPointer { p in
                    body(UnsafeBufferPointer(rebasing: p[start..<lineEnd]), lineNumber, false)
                }
            }
            // Everything from start to end has been scanned; fill() may shift the buffer.
            let scanned = end - start
            fill()
            scanFrom = start + scanned
        }
    }
}
