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

    /// One line as ``next()`` hands it out: valid until the next call to ``next()`` or ``peek(_:)``.
    struct Line {
        /// Without its `\n` or `\r\n`; empty when `oversized`.
        var bytes: UnsafeBufferPointer<UInt8>
        var number: Int
        /// Longer than ``maxLineBytes``: its bytes were never held whole.
        var oversized: Bool
    }

    private let source: ByteSource
    /// Memory of its own rather than an array: every line is handed out from it, and reaching
    /// an array's storage from a class retained and released it per line (measured).
    @exclusivity(unchecked) private var buffer: UnsafeMutableBufferPointer<UInt8>
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
        buffer = .allocate(capacity: LineReader.chunk * 2)
    }

    deinit { buffer.deallocate() }

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
                _ = memmove(buffer.baseAddress!, buffer.baseAddress! + start, end - start)
                end -= start
                start = 0
            }
            if buffer.count - end < LineReader.chunk {
                let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
                _ = memcpy(grown.baseAddress!, buffer.baseAddress!, end)
                buffer.deallocate()
                buffer = grown
            }
        }
        let n = source.read(into: buffer.baseAddress! + end, capacity: LineReader.chunk)
        if n > 0 {
            end += n
        } else {
            eof = true
        }
    }

    /// The next line, or nil at the end of the input.
    func next() -> Line? {
        var scanFrom = start
        var oversized = false
        while true {
            if scanFrom < end, let hit = memchr(buffer.baseAddress! + scanFrom, 0x0A, end - scanFrom) {
                let nl = UnsafeMutableRawPointer(hit).assumingMemoryBound(to: UInt8.self) - buffer.baseAddress!
                lineNumber += 1
                defer { start = nl + 1 }
                if oversized || nl - start > LineReader.maxLineBytes {
                    return Line(bytes: UnsafeBufferPointer(start: nil, count: 0), number: lineNumber, oversized: true)
                }
                var lineEnd = nl
                if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return Line(bytes: UnsafeBufferPointer(rebasing: buffer[start..<lineEnd]), number: lineNumber, oversized: false)
            }
            if end - start > LineReader.maxLineBytes {
                // Drop what we have of this line; keep scanning for its end.
                oversized = true
                start = end
            }
            if eof {
                guard end > start || oversized else {
                    // Done: give the buffer back (many inputs may stay open until the run ends).
                    if buffer.count > 0 {
                        buffer.deallocate()
                        buffer = .allocate(capacity: 0)
                    }
                    start = 0
                    end = 0
                    return nil
                }
                lineNumber += 1
                lastLineCut = source.failure != nil
                defer { start = end }
                if oversized { return Line(bytes: UnsafeBufferPointer(start: nil, count: 0), number: lineNumber, oversized: true) }
                var lineEnd = end
                if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                return Line(bytes: UnsafeBufferPointer(rebasing: buffer[start..<lineEnd]), number: lineNumber, oversized: false)
            }
            // Everything from start to end has been scanned; fill() may move the bytes.
            let scanned = end - start
            fill()
            scanFrom = start + scanned
        }
    }
}
