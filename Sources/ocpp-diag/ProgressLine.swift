import Foundation
import OCPPDiagnostics

/// The progress line of a long `analyze` on a terminal: lines and bytes per second, and the
/// time left when the inputs' size is known. Only on a terminal, never into a pipe or file.
enum ProgressLine {
    static func reporter() -> (@Sendable (AnalysisProgress) -> Void)? {
        guard Output.stderrIsTerminal else { return nil }
        let start = Date()
        return { p in
            let elapsed = max(Date().timeIntervalSince(start), 0.001)
            let mbps = Double(p.bytesRead) / elapsed / 1e6
            var text = "\r\u{1B}[K\(p.linesRead) lines, \(Int(Double(p.linesRead) / elapsed)) lines/s, \(String(format: "%.1f", mbps)) MB/s"
            if let total = p.totalBytes, total > 0, p.bytesRead > 0 {
                let left = elapsed * Double(total - p.bytesRead) / Double(p.bytesRead)
                text += String(format: ", %.0f%%, about %.0fs left", 100 * Double(p.bytesRead) / Double(total), left)
            }
            Output.err(text)
        }
    }

    /// Clears the line at the end of the run.
    static func clear() {
        if Output.stderrIsTerminal { Output.err("\r\u{1B}[K") }
    }
}
