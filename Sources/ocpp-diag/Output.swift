import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes to stdout (buffered) and stderr; a closed pipe (`| head`) ends the program quietly with exit 0.
///
/// The CLI is single-threaded, so the buffer is plain static state.
enum Output {
    nonisolated(unsafe) private static var buffer: [UInt8] = []

    static func out(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    static func err(_ s: String) {
        flush()
        writeAll(2, Array(s.utf8))
    }

    static func flush() {
        guard !buffer.isEmpty else { return }
        let bytes = buffer
        buffer.removeAll(keepingCapacity: true)
        if !writeAll(1, bytes) && errno == EPIPE { exit(0) }
    }

    @discardableResult
    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBufferPointer { p in write(fd, p.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    /// stderr is a terminal (for progress decisions).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}

/// A report written to `--output FILE` through a temporary file renamed at the end,
/// so a partial report never looks complete; without `--output`, straight to stdout.
final class ReportSink {
    let path: String?
    private var handle: UnsafeMutablePointer<FILE>?
    private let temporary: String?

    init(path: String?) throws {
        self.path = path
        if let path {
            let dir = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            let tmp = (dir.isEmpty ? "" : dir + "/") + ".\(name).\(getpid()).tmp"
            guard let h = fopen(tmp, "w") else {
                throw CLIError(code: 73, message: "\(path): cannot write: \(String(cString: strerror(errno)))")
            }
            handle = h
            temporary = tmp
        } else {
            handle = nil
            temporary = nil
        }
    }

    func write(_ s: String) {
        if let handle { fputs(s, handle) } else { Output.out(s) }
    }

    /// Moves the finished report into place.
    func commit() throws {
        guard let handle, let temporary, let path else { return }
        fclose(handle)
        self.handle = nil
        guard rename(temporary, path) == 0 else {
            throw CLIError(code: 73, message: "\(path): cannot write: \(String(cString: strerror(errno)))")
        }
    }

    /// Drops the temporary file (after an error).
    func abandon() {
        guard let handle, let temporary else { return }
        fclose(handle)
        self.handle = nil
        unlink(temporary)
    }
}

/// An error the CLI reports as one line on stderr before exiting with `code`.
struct CLIError: Error {
    var code: Int32
    var message: String
}

