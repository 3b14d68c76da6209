import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a ``LineReader`` gets its bytes: a file descriptor, or a gzip stream over one.
protocol ByteSource: AnyObject {
    /// Reads up to `capacity` bytes; 0 means the end of the input.
    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int
    /// Why the input stopped early, once `read` has returned 0 (nil for a clean end).
    var failure: (reason: SkipReason, detail: String)? { get }
}

/// A file descriptor, with the first bytes already read for detection handed out again first.
final class DescriptorSource: ByteSource {
    private let fd: Int32
    @exclusivity(unchecked) private var prefix: [UInt8] = []
    @exclusivity(unchecked) private var prefixStart = 0
    @exclusivity(unchecked) private(set) var failure: (reason: SkipReason, detail: String)?
    /// Bytes read from the descriptor so far (compressed bytes, for a gzip input): progress.
    @exclusivity(unchecked) private(set) var bytesRead: Int64 = 0

    init(fd: Int32) { self.fd = fd }

    /// The size of a regular file behind the descriptor, if it is one.
    var fileSize: Int64? {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Reads until `count` bytes are buffered or the input ends, and returns them without consuming them.
    func peek(_ count: Int) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while prefix.count - prefixStart < count {
            let n = chunk.withUnsafeMutableBufferPointer { p in readRaw(p.baseAddress!, p.count) }
            if n <= 0 { break }
            prefix.append(contentsOf: chunk[0..<n])
        }
        return Array(prefix[prefixStart..<min(prefix.count, prefixStart + count)])
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        if prefixStart < prefix.count {
            let n = min(capacity, prefix.count - prefixStart)
            prefix.withUnsafeBufferPointer { p in buffer.update(from: p.baseAddress! + prefixStart, count: n) }
            prefixStart += n
            if prefixStart == prefix.count { prefix = []; prefixStart = 0 }
            return n
        }
        return max(0, readRaw(buffer, capacity))
    }

    private func readRaw(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) -> Int {
        while true {
            let n = systemRead(fd, buffer, capacity)
            if n < 0 && errno == EINTR { continue }
            if n > 0 { bytesRead += Int64(n) }
            if n < 0 { failure = (.unreadable, "read failed: \(String(cString: strerror(errno)))") }
            return n
        }
    }
}

/// The C library's `read`, which the ``ByteSource`` method of the same name hides.
@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Inflates a gzip stream as it is read, so a compressed log is never held whole in memory.
///
/// zlib through a small system-library target (`CZlib`) rather than a Swift package: the
/// packages that wrap it for Swift (compress-nio) bring in SwiftNIO, which nothing else here
/// needs. Concatenated gzip members (`cat a.gz b.gz`) are read one after the other. A stream
/// that ends before its last member is complete is reported as `truncated-gzip`, damaged
/// data as `corrupt-gzip`; the lines inflated before either are kept.
final class GzipSource: ByteSource {
    private let upstream: ByteSource
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8]
    private var upstreamEnded = false
    private var memberEnded = false
    private var finished = false
    private(set) var failure: (reason: SkipReason, detail: String)?
    /// Compressed bytes consumed so far, for messages.
    private var consumed: Int64 = 0

    static func isGzip(_ head: [UInt8]) -> Bool { head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B }

    init(upstream: ByteSource) {
        self.upstream = upstream
        input = [UInt8](repeating: 0, count: 1 << 16)
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 window bits + 16: gzip wrapper only.
        if inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) != Z_OK {
            failure = (.corruptGzip, "cannot start zlib")
            finished = true
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int {
        guard !finished else { return 0 }
        return input.withUnsafeMutableBufferPointer { inputBuffer -> Int in
            stream.pointee.next_out = buffer
            stream.pointee.avail_out = UInt32(capacity)
            while stream.pointee.avail_out == UInt32(capacity) {
                if stream.pointee.avail_in == 0 {
                    if upstreamEnded {
                        if !memberEnded {
                            failure = (.truncatedGzip, "compressed data ends early, after \(consumed) bytes; the lines before are kept")
                        }
                        finished = true
                        return 0
                    }
                    let n = upstream.read(into: inputBuffer.baseAddress!, capacity: inputBuffer.count)
                    if n == 0 {
                        upstreamEnded = true
                        if let f = upstream.failure { failure = f; finished = true; return 0 }
                        continue
                    }
                    stream.pointee.next_in = inputBuffer.baseAddress!
                    stream.pointee.avail_in = UInt32(n)
                }
                if memberEnded {
                    // More bytes after a complete member: another member follows.
                    inflateReset(stream)
                    memberEnded = false
                }
                let before = stream.pointee.avail_in
                let status = inflate(stream, Z_NO_FLUSH)
                consumed += Int64(before - stream.pointee.avail_in)
                switch status {
                case Z_OK, Z_BUF_ERROR:
                    continue
                case Z_STREAM_END:
                    memberEnded = true
                    if stream.pointee.avail_out != UInt32(capacity) { break }
                    continue
                default:
                    let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                    failure = (.corruptGzip, "damaged compressed data after \(consumed) bytes (\(message)); the lines before are kept")
                    finished = true
                    return capacity - Int(stream.pointee.avail_out)
                }
                break
            }
            return capacity - Int(stream.pointee.avail_out)
        }
    }
}
