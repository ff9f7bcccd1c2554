package io.coterie.sim;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.BusAddress;
import io.coterie.storage.AppendFsync;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A deterministic simulated cluster: N hosts on one {@link SimLoop}, linked by a {@link SimNetwork}, each running a
 * {@link SimNode} from the factory, with a seeded {@link Nemesis}. A run is a pure function of the seed.
 *
 * <p>Typical shape (TigerBeetle's VOPR): {@link #start}, {@link #runNemesis} (safety is checked after every event by
 * the invariant given to the builder), {@link #heal}, then run until the subsystem's liveness condition holds within a
 * bound. Scripted scenarios call {@link #apply} directly instead of running the nemesis.
 */
public final class Simulation {

    /** Nodes boot at random times within this window, so their timers are not in lockstep. */
    public static final long BOOT_SPREAD_MS = 1_000;
    /** appendfsync everysec's period. */
    public static final long EVERYSEC_PERIOD_MS = 1_000;

    private final long seed;
    private final SimRandom random;
    private final SimLoop loop;
    private final SimNetwork network;
    private final SimNode.Factory factory;
    private final List<SimHost> hosts = new ArrayList<>();
    private final List<BusAddress> addresses = new ArrayList<>();
    private final Map<FaultKind, Integer> faultCounts = new EnumMap<>(FaultKind.class);
    private final AppendFsync appendFsync;
    private final Nemesis nemesis;
    private final RandomGenerator healRandom;
    private long changesLostToCrashes;

    private Simulation(Builder b) {
        this.seed = b.seed;
        this.random = new SimRandom(b.seed);
        this.loop = new SimLoop(new SimTrace(b.traceLinesKept), b.queuedEventsMax);
        this.network = new SimNetwork(loop, random.stream("network"));
        this.factory = Objects.requireNonNull(b.factory, "node factory");
        this.appendFsync = b.appendFsync;
        this.healRandom = random.stream("heal");
        RandomGenerator ids = random.stream("node-ids");
        for (int i = 0; i < b.nodes; i++) {
            BusAddress bus = new BusAddress("10.0.0." + (i + 1), 16379);
            SimHost host = new SimHost(i, NodeId.random(ids), bus, new SimClock(loop),
                    new SimStore(appendFsync, random.stream("store-" + i)));
            hosts.add(host);
            addresses.add(bus);
            network.attach(host);
        }
        this.nemesis = new Nemesis(this, b.nemesis, random.stream("nemesis"));
        Consumer<Simulation> invariant = b.invariant;
        loop.afterEachEvent(() -> invariant.accept(this));
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public long seed() {
        return seed;
    }

    public SimRandom random() {
        return random;
    }

    public SimLoop loop() {
        return loop;
    }

    public long nowMs() {
        return loop.nowMs();
    }

    public SimNetwork network() {
        return network;
    }

    public List<SimHost> hosts() {
        return List.copyOf(hosts);
    }

    public SimHost host(int index) {
        return hosts.get(index);
    }

    public int size() {
        return hosts.size();
    }

    public List<BusAddress> addresses() {
        return List.copyOf(addresses);
    }

    /** The node object of host {@code index}'s current process, or null while it is crashed. */
    public <T extends SimNode> T node(int index, Class<T> type) {
        return type.cast(hosts.get(index).node());
    }

    public Map<FaultKind, Integer> faultCounts() {
        return new EnumMap<>(faultCounts);
    }

    public int faultsInjected() {
        int total = 0;
        for (Map.Entry<FaultKind, Integer> e : faultCounts.entrySet()) {
            if (e.getKey().isInjectable()) {
                total += e.getValue();
            }
        }
        return total;
    }

    public long changesLostToCrashes() {
        return changesLostToCrashes;
    }

    public long traceHash() {
        return loop.trace().hash();
    }

    /** Boots every node, at random moments within {@link #BOOT_SPREAD_MS}. */
    public void start() {
        RandomGenerator bootTimes = random.stream("boot");
        for (SimHost host : hosts) {
            loop.after(bootTimes.nextLong(BOOT_SPREAD_MS), "boot " + host, () -> boot(host));
        }
    }

    public void runFor(long durationMs) {
        loop.runFor(durationMs);
    }

    /** Runs {@code durationMs} of virtual time with the nemesis injecting faults. */
    public void runNemesis(long durationMs) {
        nemesis.runFor(durationMs);
    }

    /**
     * Ends every fault: partitions healed, calm network, paused nodes resumed, clocks stop drifting (offsets stay:
     * real clocks never agree), and crashed nodes restarted, except up to the nemesis's {@code stayDownAtHealMax}
     * which stay down for good so liveness can check they are seen down.
     *
     * @return the nodes left down
     */
    public List<Integer> heal() {
        apply(new Fault.HealPartition());
        apply(new Fault.Weather(NetworkConditions.calm(), FaultKind.CALM));
        List<Integer> crashed = new ArrayList<>();
        for (SimHost host : hosts) {
            if (host.state() == NodeState.PAUSED) {
                apply(new Fault.Resume(host.index()));
            } else if (host.state() == NodeState.CRASHED) {
                crashed.add(host.index());
            }
        }
        for (SimHost host : hosts) {
            host.clock().skew(0, 0);
        }
        int stayDown = crashed.isEmpty() ? 0
                : healRandom.nextInt(Math.min(crashed.size(), nemesis.config().stayDownAtHealMax()) + 1);
        List<Integer> staying = new ArrayList<>();
        while (staying.size() < stayDown) {
            staying.add(crashed.remove(healRandom.nextInt(crashed.size())));
        }
        for (int index : crashed) {
            apply(new Fault.Restart(index));
        }
        return List.copyOf(staying);
    }

    /** Performs one fault now (the nemesis's and heal's only way to touch the cluster; scripted tests use it too). */
    public void apply(Fault fault) {
        loop.trace().record(loop.nowMs(), "fault " + fault);
        faultCounts.merge(fault.kind(), 1, Integer::sum);
        if (fault instanceof Fault.Crash crash) {
            SimHost host = hosts.get(crash.node());
            host.crash();
            changesLostToCrashes += host.store().crash(SimStore.Crash.PROCESS);
        } else if (fault instanceof Fault.PowerLoss powerLoss) {
            SimHost host = hosts.get(powerLoss.node());
            host.crash();
            changesLostToCrashes += host.store().crash(SimStore.Crash.POWER);
        } else if (fault instanceof Fault.Restart restart) {
            boot(hosts.get(restart.node()));
        } else if (fault instanceof Fault.Pause pause) {
            hosts.get(pause.node()).pause();
        } else if (fault instanceof Fault.Resume resume) {
            hosts.get(resume.node()).resume();
        } else if (fault instanceof Fault.Cut cut) {
            network.setPartition(cut.partition());
        } else if (fault instanceof Fault.HealPartition) {
            network.setPartition(Partition.none());
        } else if (fault instanceof Fault.Weather weather) {
            network.setConditions(weather.conditions());
        } else if (fault instanceof Fault.ClockSkew skew) {
            hosts.get(skew.node()).clock().skew(skew.stepMs(), skew.driftPpm());
        } else {
            throw new AssertionError("Fault is sealed");
        }
    }

    /** Nodes crashed or paused now. */
    public int unavailable() {
        int n = 0;
        for (SimHost host : hosts) {
            if (host.state() != NodeState.RUNNING) {
                n++;
            }
        }
        return n;
    }

    private void boot(SimHost host) {
        int incarnation = host.incarnation();
        SimScheduler scheduler = new SimScheduler(loop, host, incarnation);
        SimTransport transport = new SimTransport(host, network, scheduler);
        SimNode node = factory.create(host.index());
        host.boot(node, scheduler, transport);
        if (appendFsync == AppendFsync.EVERYSEC) {
            scheduleEverysecFsync(host, scheduler);
        }
        String prefix = host + " ";
        node.start(new NodeContext(host.index(), host.id(), host.bus(), incarnation, host.clock(), scheduler, transport,
                host.store(), addresses, random.stream("node-" + host.index() + "-incarnation-" + incarnation),
                text -> loop.trace().record(loop.nowMs(), prefix + text)));
    }

    private void scheduleEverysecFsync(SimHost host, SimScheduler scheduler) {
        scheduler.schedule(EVERYSEC_PERIOD_MS, () -> {
            host.store().fsync();
            scheduleEverysecFsync(host, scheduler);
        });
    }

    public static final class Builder {
        private final long seed;
        private int nodes = 5;
        private SimNode.Factory factory;
        private AppendFsync appendFsync = AppendFsync.ALWAYS;
        private NemesisConfig nemesis;
        private Consumer<Simulation> invariant = sim -> { };
        private int traceLinesKept = 200;
        private int queuedEventsMax = 1_000_000;

        private Builder(long seed) {
            this.seed = seed;
        }

        public Builder nodes(int count) {
            if (count < 1 || count > 250) {
                throw new IllegalArgumentException("1..250 nodes: " + count);
            }
            this.nodes = count;
            return this;
        }

        public Builder factory(SimNode.Factory nodeFactory) {
            this.factory = nodeFactory;
            return this;
        }

        public Builder appendFsync(AppendFsync policy) {
            this.appendFsync = Objects.requireNonNull(policy);
            return this;
        }

        public Builder nemesis(NemesisConfig config) {
            this.nemesis = config;
            return this;
        }

        /** Checked after every event; throw AssertionError to fail the run at the event that broke it. */
        public Builder invariant(Consumer<Simulation> check) {
            this.invariant = Objects.requireNonNull(check);
            return this;
        }

        public Builder traceLinesKept(int lines) {
            this.traceLinesKept = lines;
            return this;
        }

        public Builder queuedEventsMax(int events) {
            this.queuedEventsMax = events;
            return this;
        }

        public Simulation build() {
            if (nemesis == null) {
                nemesis = NemesisConfig.everything(nodes);
            }
            return new Simulation(this);
        }
    }
}
