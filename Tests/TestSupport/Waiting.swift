import Foundation

/// Errors raised by test helpers, with enough context to read the failure.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` every 2 ms until it holds or `timeout` seconds pass. Never a fixed sleep:
/// returns as soon as the condition holds. Throws with `what` on timeout.
@discardableResult
public func waitUntil(_ what: @autoclosure () -> String, timeout: Double = 10, _ condition: () throws -> Bool) throws -> Double {
    let start = Date()
    while true {
        if try condition() { return Date().timeIntervalSince(start) }
        if Date().timeIntervalSince(start) > timeout {
            throw TestFailure("timed out after \(timeout) s waiting for \(what())")
        }
        usleep(2000)
    }
}

/// Whether a process with this pid exists (and is not a zombie).
public func processIsAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    guard let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}
