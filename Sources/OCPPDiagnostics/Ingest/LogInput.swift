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
    /// `--input-format` names no known shape (a usage error).
    case unknownInputFormat(name: String, known: [String])
    /// `--strict` and a line had to be skipped (exit 65).
    case strict(SkippedLine)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): return "\(path): cannot open: \(reason)"
        case let .undetectableFormat(path, tried):
            return "\(path):1: cannot tell the log format (tried \(tried.joined(separator: ", "))); name it with --input-format"
        case let .unknownInputFormat(name, known):
            return "unknown input format '\(name)'; expected one of \(known.joined(separator: ", "))"
        case let .strict(line): return "\(line) (stopped: --strict)"
        }
    }
}

/// The input shapes (DESIGN §3), in the order detection tries them.
public enum InputFormats {
    static let all: [any LogFormat.Type] = [
        EVerestFormat.self, SteVeFormat.self, PythonOCPPFormat.self, TimestampedFormat.self,
        JSONArrayFormat.self, JSONLinesFormat.self, CSVFormat.self,
    ]

    /// The names `--input-format` accepts.
    public static var names: [String] { all.map { $0.name } }

    /// Other names `--input-format` takes, for the shapes one reader covers.
    static let aliases = ["ndjson": "jsonl", "wrapped": "jsonl", "frames": "jsonl", "flat": "jsonl", "array": "json-array"]

    static func named(_ name: String) -> (any LogFormat.Type)? {
        let canonical = aliases[name] ?? name
        return all.first { $0.name == canonical }
    }

    /// Whether `--input-format` takes this name (a shape's name or an alias).
    public static func isKnown(_ name: String) -> Bool { named(name) != nil }

    /// How many non-blank lines at the start of a file detection looks at.
    static let linesLooked = 50
    static let bytesLooked = 1 << 16

    /// Detection: the first of the first non-blank lines that some shape claims decides.
    static func detect(_ head: [UInt8]) -> (any LogFormat.Type)? {
        var looked = 0
        for line in head.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var bytes = Array(line)
            if bytes.last == 0x0D { bytes.removeLast() }
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }
            looked += 1
            if looked > linesLooked { break }
            let found = bytes.withUnsafeBufferPointer { p in all.first { $0.sniff(p) } }
            if let found { return found }
        }
        return nil
    }
}

/// An open input: its line reader and the format chosen for it.
final class OpenInput {
    let input: LogInput
    let index: Int
    let reader: LineReader
    /// The file (or stdin) under any decompression, for progress.
    let raw: DescriptorSource
    /// The input's name in `source.file`.
    let displayName: String
    /// The charge point the current line names (found cheaply), when sharding: the shard that
    /// owns it also counts the line if it cannot be read.
    @exclusivity(unchecked) var hintedChargePoint: String?
    /// The current line's hint named a charge point of this shard, on JSON Lines, whose hint is
    /// the id decoding finds (a test holds the two alike): its event needs no second look.
    @exclusivity(unchecked) var ownedByHint = false
    @exclusivity(unchecked) var format: any LogFormat
    /// Whether `format` is JSON Lines, whose shard hints are then read without going through
    /// the existential (every line of a sharded run asks for them).
    let readsJSONLines: Bool
    @exclusivity(unchecked) var context: DecodeContext
    @exclusivity(unchecked) var frontier: Timestamp?
    @exclusivity(unchecked) var finished = false
    /// Lines held by the format for a record still open: how many, and the first one's number.
    @exclusivity(unchecked) var heldLines = 0
    @exclusivity(unchecked) var heldFrom = 0
    /// Untimed events read before any event with a time: they take the time of the first that has one.
    @exclusivity(unchecked) var waiting: [(event: Event, lines: Int, source: SourceRef)] = []
    /// At most this many wait (memory stays bounded); later ones without a time are skipped as `bad-timestamp`.
    static let maxWaiting = 10_000
    private let fd: Int32

    init(_ input: LogInput, index: Int, options: AnalysisOptions) throws(InputError) {
        self.input = input
        self.index = index
        var forced: (any LogFormat.Type)?
        if let name = options.inputFormat {
            guard let f = InputFormats.named(name) else { throw .unknownInputFormat(name: name, known: InputFormats.names) }
            forced = f
        }
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
        // gzip is told by its magic bytes, not the file name, so stdin and misnamed files work too.
        let raw = DescriptorSource(fd: fd)
        self.raw = raw
        let magic = raw.peek(2)
        if let failure = raw.failure, magic.isEmpty {
            throw .cannotOpen(path: input.path, reason: failure.detail)
        }
        reader = LineReader(source: GzipSource.isGzip(magic) ? GzipSource(upstream: raw) : raw)
        // A string of this reader's own: every event carries it, and threads sharing one
        // string object would contend on its reference count.
        displayName = String(decoding: Array(input.displayName.utf8), as: UTF8.self)
        context = DecodeContext(file: displayName, defaultChargePointId: options.defaultChargePointId ?? input.impliedChargePointId,
                                timeZone: options.timeZoneReader, perspective: options.perspective)
        context.payloadsNeeded = options.payloadsNeeded
        context.answerKeysNeeded = options.answerKeysNeeded
        // Peeking also drops a UTF-8 byte order mark, so do it even when the format is forced.
        let head = reader.peek(InputFormats.bytesLooked)
        if let forced {
            format = forced.init()
        } else if let chosen = InputFormats.detect(head) {
            format = chosen.init()
        } else if head.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) {
            format = JSONLinesFormat()  // empty input: nothing to detect, nothing to read
        } else {
            throw .undetectableFormat(path: input.path, tried: InputFormats.names)
        }
        readsJSONLines = format is JSONLinesFormat
    }

    deinit { if fd > 0 { close(fd) } }
}
