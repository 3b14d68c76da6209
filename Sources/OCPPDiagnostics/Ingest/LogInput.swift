import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An input log: a file path, or `-` for standard input.
public struct LogInput: Sendable, Hashable {
    public var path: String

    public init(path: String) { self.path = path }

    public static let standardInput = LogInput(path: "-")

    /// The name used in `source.file`: the path as given, `-` for stdin.
    public var displayName: String { path }

    /// The charge point id a file name implies: the name up to its first dot (`CP-0001.log.gz` → `CP-0001`).
    public var impliedChargePointId: String? {
        guard path != "-" else { return nil }
        let name = (path as NSString).lastPathComponent
        let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
        return stem.isEmpty ? nil : stem
    }
}

/// An input that cannot be used at all (as opposed to a bad line, which is skipped and counted).
public enum InputError: Error, Sendable, CustomStringConvertible {
    /// The file is missing, unreadable or a directory (exit 66).
    case cannotOpen(path: String, reason: String)
    /// No known shape fits the file (exit 65).
    case undetectableFormat(path: String, tried: [String])
    /// `--strict` and a line had to be skipped (exit 65).
    case strict(SkippedLine)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open: \(reason)"
        case let .undetectableFormat(path, tried):
            return "\(path):1: cannot tell the log format (tried \(tried.joined(separator: ", ")))"
        case let .strict(line): return "\(line) (stopped: --strict)"
        }
    }
}

/// An open input: its line reader and the format chosen for it.
final class OpenInput {
    let input: LogInput
    let index: Int
    let reader: LineReader
    var format: any LogFormat
    var context: DecodeContext
    var frontier: Timestamp?
    var finished = false
    private let fd: Int32

    static let formats: [any LogFormat.Type] = [JSONLinesFormat.self]

    init(_ input: LogInput, index: Int, defaultChargePointId: String?, naiveOffsetSeconds: Int, payloadsNeeded: Set<String>? = nil) throws(InputError) {
        self.input = input
        self.index = index
        if input.path == "-" {
            fd = 0
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory) else {
                throw .cannotOpen(path: input.path, reason: "no such file")
            }
            guard !isDirectory.boolValue else { throw .cannotOpen(path: input.path, reason: "is a directory") }
            let opened = open(input.path, O_RDONLY)
            guard opened >= 0 else { throw .cannotOpen(path: input.path, reason: String(cString: strerror(errno))) }
            fd = opened
        }
        reader = LineReader(fd: fd)
        context = DecodeContext(file: input.displayName, defaultChargePointId: defaultChargePointId ?? input.impliedChargePointId,
                                naiveOffsetSeconds: naiveOffsetSeconds, payloadsNeeded: payloadsNeeded)
        let head = reader.peek(4096)
        if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            throw .cannotOpen(path: input.path, reason: "gzip-compressed input is not supported yet; decompress it first (gunzip -c FILE | ocpp-diag analyze -)")
        }
        guard let chosen = OpenInput.detect(head) else {
            if head.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) {
                format = JSONLinesFormat()  // empty input: nothing to detect, nothing to read
                return
            }
            throw .undetectableFormat(path: input.path, tried: OpenInput.formats.map { $0.name })
        }
        format = chosen
    }

    deinit { if fd > 0 { close(fd) } }

    /// Detection looks at the first non-blank line of the head of the input.
    static func detect(_ head: [UInt8]) -> (any LogFormat)? {
        let lines = head.split(separator: 0x0A, omittingEmptySubsequences: true)
        guard let first = lines.first(where: { $0.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D } }) else { return nil }
        return Array(first).withUnsafeBufferPointer { line in
            for f in formats where f.sniff(line) { return f.init() }
            return nil
        }
    }
}
