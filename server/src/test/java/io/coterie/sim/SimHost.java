package io.coterie.sim;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * The simulated machine one node runs on: its identity, clock and disk (a {@link SimStore}) outlive crashes; its
 * process (scheduler, transport, the {@link SimNode} itself) is replaced at every restart. Every callback into a
 * node goes through {@link #run}, which is where crash and pause semantics are enforced.
 */
public final class SimHost {

    /** Work that came due while paused, as a stopped process's socket buffers and timers hold it; beyond this, dropped. */
    public static final int PAUSED_BACKLOG_MAX = 100_000;

    private final int index;
    private final NodeId id;
    private final BusAddress bus;
    private final SimClock clock;
    private final SimStore store;
    private final List<Runnable> backlog = new ArrayList<>();
    private NodeState state = NodeState.CRASHED;
    /** Bumped at every crash, so timers and messages of a dead incarnation never run in a later one. */
    private int incarnation;
    private SimNode node;
    private SimScheduler scheduler;
    private SimTransport transport;
    private long backlogDropped;

    SimHost(int index, NodeId id, BusAddress bus, SimClock clock, SimStore store) {
        this.index = index;
        this.id = id;
        this.bus = bus;
        this.clock = clock;
        this.store = store;
    }

    public int index() {
        return index;
    }

    public NodeId id() {
        return id;
    }

    public BusAddress bus() {
        return bus;
    }

    public SimClock clock() {
        return clock;
    }

    public SimStore store() {
        return store;
    }

    public NodeState state() {
        return state;
    }

    public boolean isRunning() {
        return state == NodeState.RUNNING;
    }

    public int incarnation() {
        return incarnation;
    }

    /** The current process's node object; null while crashed. */
    public SimNode node() {
        return node;
    }

    SimTransport transport() {
        return transport;
    }

    SimScheduler scheduler() {
        return scheduler;
    }

    public long backlogDropped() {
        return backlogDropped;
    }

    /**
     * A client connection hands {@code work} to the current process: runs now, or on resume if paused.
     *
     * @return false if the node is crashed (connection refused)
     */
    public boolean submit(Runnable work) {
        if (state == NodeState.CRASHED) {
            return false;
        }
        run(incarnation, work);
        return true;
    }

    /**
     * Runs {@code work} in incarnation {@code expectedIncarnation} of this node's process: dropped if that process
     * has died, held until resume if it is paused.
     */
    void run(int expectedIncarnation, Runnable work) {
        if (expectedIncarnation != incarnation || state == NodeState.CRASHED) {
            return;
        }
        if (state == NodeState.PAUSED) {
            if (backlog.size() < PAUSED_BACKLOG_MAX) {
                backlog.add(work);
            } else {
                backlogDropped++;
            }
            return;
        }
        work.run();
    }

    void boot(SimNode next, SimScheduler nextScheduler, SimTransport nextTransport) {
        if (state != NodeState.CRASHED) {
            throw new IllegalStateException("node " + index + " is " + state + ", cannot boot");
        }
        state = NodeState.RUNNING;
        node = next;
        scheduler = nextScheduler;
        transport = nextTransport;
    }

    /** kill -9: the process and everything it had in memory or in flight is gone. */
    void crash() {
        if (state == NodeState.CRASHED) {
            throw new IllegalStateException("node " + index + " is already crashed");
        }
        state = NodeState.CRASHED;
        incarnation++;
        backlog.clear();
        SimNode dying = node;
        node = null;
        scheduler = null;
        transport = null;
        dying.crash();
    }

    void pause() {
        if (state != NodeState.RUNNING) {
            throw new IllegalStateException("node " + index + " is " + state + ", cannot pause");
        }
        state = NodeState.PAUSED;
    }

    /** SIGCONT: everything that came due meanwhile runs now, late, in the order it came due. */
    void resume() {
        if (state != NodeState.PAUSED) {
            throw new IllegalStateException("node " + index + " is " + state + ", cannot resume");
        }
        state = NodeState.RUNNING;
        List<Runnable> due = new ArrayList<>(backlog);
        backlog.clear();
        int running = incarnation;
        for (Runnable work : due) {
            if (incarnation != running || state != NodeState.RUNNING) {
                return;
            }
            work.run();
        }
    }

    @Override
    public String toString() {
        return "n" + index;
    }
}
