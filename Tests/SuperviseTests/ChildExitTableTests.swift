import Supervise
import SuperviseStatus
import SuperviseSystem
import Testing

/// The loop hands the machine every reaped child (`childExited(pid:status:)`); the machine
/// alone decides whether it was `run`, `finish`, or a stale pid (issue #11: the state
/// machine's boundary).
@Suite("childExited: the machine tells run, finish and stale pids apart")
struct ChildExitTableTests {
    /// Pids that are never the current child: none, one never spawned, the previous run's.
    static let stalePids: [Int32] = [0, -1, 999_999, Harness.runPID + 1]

    @Test("a stale pid changes nothing, in every state", arguments: StateName.allCases, stalePids)
    func stalePidIgnored(state: StateName, pid: Int32) {
        var h = Harness.inState(state)
        guard pid <= 0 || UInt64(pid) != h.status.pid else { return }
        let before = h.status
        #expect(h.feed(.childExited(pid: pid, status: .exited(3))) == [])
        #expect(h.status == before)
        #expect(h.state == state.state)
    }

    @Test("run's pid while up: its output is drained first, then finish is spawned")
    func runDeath() {
        var h = Harness.inState(.up)
        let actions = h.feed(.childExited(pid: Harness.runPID, status: .exited(3)))
        #expect(actions.first == .drainOutput)
        #expect(actions.last == .spawnFinish(arguments: ["3", "0"]))
        #expect(h.state == .finish)
    }

    @Test("the previous run's pid, reaped late while finish runs, is stale; finish's own pid ends finishing")
    func lateRunReapDuringFinish() {
        var h = Harness.inState(.finish)
        #expect(h.feed(.childExited(pid: Harness.runPID, status: .signaled(9))) == [])
        #expect(h.state == .finish)
        let actions = h.feed(.childExited(pid: Harness.finishPID, status: .exited(0)))
        #expect(actions.first == .drainOutput)
        #expect(actions.contains(.notify([.downReady])))
        #expect(h.state == .down)
    }

    @Test("finish's pid reaped after the machine has already gone down is stale")
    func finishPidAfterDown() {
        var h = Harness.inState(.finish)
        h.childExits(.exited(0))
        #expect(h.state == .down)
        #expect(h.feed(.childExited(pid: Harness.finishPID, status: .exited(0))) == [])
    }
}
