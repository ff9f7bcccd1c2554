package io.coterie.sim;

import io.coterie.ring.membership.BusAddress;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The links between simulated hosts. A message is judged twice: when sent (partition, loss, duplication, latency)
 * and when it arrives (a partition that started meanwhile, or a crash of either end since it was sent, drops it, as
 * a reset TCP connection would). Arrival at a paused host waits in its backlog.
 */
public final class SimNetwork {

    /** How a refused connection's answer starts: the transport reports it as never sent, as Netty's does. */
    static final String REFUSED = "connection refused by ";


    private final SimLoop loop;
    private final RandomGenerator random;
    private final Map<BusAddress, SimHost> hosts = new HashMap<>();
    private NetworkConditions conditions = NetworkConditions.calm();
    private Partition partition = Partition.none();
    private long nextRequestId = 1;
    private long sent;
    private long delivered;
    private long dropped;
    private long duplicated;

    SimNetwork(SimLoop loop, RandomGenerator random) {
        this.loop = loop;
        this.random = random;
    }

    void attach(SimHost host) {
        if (hosts.putIfAbsent(host.bus(), host) != null) {
            throw new IllegalArgumentException("two hosts at " + host.bus());
        }
    }

    public NetworkConditions conditions() {
        return conditions;
    }

    public void setConditions(NetworkConditions next) {
        this.conditions = Objects.requireNonNull(next);
    }

    public Partition partition() {
        return partition;
    }

    public void setPartition(Partition next) {
        this.partition = Objects.requireNonNull(next);
    }

    long nextRequestId() {
        return nextRequestId++;
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    public long duplicated() {
        return duplicated;
    }

    /** Sends {@code frame} from {@code from}; the payload is copied now, so the sender may reuse its array. */
    void transmit(SimHost from, BusAddress to, Frame frame) {
        sent++;
        SimHost dest = hosts.get(to);
        if (dest == null || partition.cuts(from.index(), dest.index())
                || (conditions.lossRate() > 0 && random.nextDouble() < conditions.lossRate())) {
            dropped++;
            return;
        }
        if (dest.state() == NodeState.CRASHED && frame instanceof Frame.Request request) {
            // Nobody listens on a dead node's port: the connection is refused at once rather than timing out.
            refuse(from, dest, request);
            return;
        }
        int copies = conditions.duplicateRate() > 0 && random.nextDouble() < conditions.duplicateRate() ? 2 : 1;
        duplicated += copies - 1;
        for (int i = 0; i < copies; i++) {
            schedule(from, dest, frame.copy());
        }
    }

    private void schedule(SimHost from, SimHost dest, Frame frame) {
        int fromIncarnation = from.incarnation();
        int destIncarnation = dest.incarnation();
        long delayMs = conditions.sampleDelayMs(random);
        loop.after(delayMs, "deliver " + from + ">" + dest + " " + Frame.describe(frame), () -> {
            if (from.incarnation() != fromIncarnation || dest.incarnation() != destIncarnation
                    || dest.state() == NodeState.CRASHED || partition.cuts(from.index(), dest.index())) {
                dropped++;
                return;
            }
            dest.run(destIncarnation, () -> {
                delivered++;
                dest.transport().receive(frame);
            });
        });
    }

    private void refuse(SimHost from, SimHost dest, Frame.Request request) {
        Frame refusal = new Frame.Response(dest.bus(), request.requestId(), new byte[0], REFUSED + dest.bus());
        int fromIncarnation = from.incarnation();
        loop.after(conditions.sampleDelayMs(random), "refuse " + dest + ">" + from + " req" + request.requestId(),
                () -> from.run(fromIncarnation, () -> from.transport().receive(refusal)));
    }
}
