package io.coterie.compat.faults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One network namespace per node, each linked by a veth pair to a bridge in the root namespace that carries a private
 * 10.x.y.0/24: the bridge has .1 (the test's clients reach every node through it), node i has .(10 + i). A link is cut
 * one way by an iptables DROP on the receiver's INPUT for the sender's address (packets vanish: the sender sees
 * timeouts, as in a real partition), or, without iptables, by a blackhole route on the sender.
 *
 * <p>Names carry this JVM's pid ({@code cf<pid><run>n<i>}, bridge {@code cf<pid><run>br}) so runs never collide, and
 * leftovers of a JVM that died without its shutdown hook (kill -9) are recognised and removed by the next run.
 */
final class NamespaceNetwork implements ClusterNetwork {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final Pattern OURS = Pattern.compile("cf(\\d+)([a-z])n\\d+");
    private static final int PORT = 20_100;

    private final String prefix;
    private final String subnet;
    private final int nodes;
    private final boolean iptables;
    private final Set<List<Integer>> cuts = new LinkedHashSet<>();
    private final Thread cleanupHook;
    private boolean closed;

    private NamespaceNetwork(String prefix, String subnet, int nodes, boolean iptables) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.nodes = nodes;
        this.iptables = iptables;
        this.cleanupHook = new Thread(this::removeAll, prefix + "-netns-cleanup");
    }

    /**
     * Creates the namespaces, veths and bridge; throws (after removing what it made) if this machine does not allow it.
     * Links are cut with iptables if it is installed and {@code useIptables}, else with blackhole routes.
     */
    static NamespaceNetwork create(int nodes, boolean useIptables) {
        if (!Shell.has("ip")) {
            throw new IllegalStateException("iproute2 (ip) is not installed");
        }
        if (!Shell.run("id", "-u").strip().equals("0")) {
            throw new IllegalStateException("not root: creating network namespaces needs CAP_NET_ADMIN");
        }
        removeLeftovers();
        long pid = ProcessHandle.current().pid();
        char run = (char) ('a' + RUNS.getAndIncrement() % 26);
        NamespaceNetwork net = new NamespaceNetwork("cf" + pid + run, freeSubnet(pid, run), nodes,
                useIptables && Shell.has("iptables"));
        Runtime.getRuntime().addShutdownHook(net.cleanupHook);
        try {
            net.build();
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    private void build() {
        String bridge = prefix + "br";
        Shell.run("ip", "link", "add", bridge, "type", "bridge");
        Shell.run("ip", "addr", "add", subnet + ".1/24", "dev", bridge);
        Shell.run("ip", "link", "set", bridge, "up");
        for (int i = 0; i < nodes; i++) {
            String ns = namespace(i);
            String veth = prefix + "v" + i;
            Shell.run("ip", "netns", "add", ns);
            Shell.run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", ns);
            Shell.run("ip", "link", "set", veth, "master", bridge);
            Shell.run("ip", "link", "set", veth, "up");
            Shell.run("ip", "-n", ns, "addr", "add", host(i) + "/24", "dev", "eth0");
            Shell.run("ip", "-n", ns, "link", "set", "eth0", "up");
            Shell.run("ip", "-n", ns, "link", "set", "lo", "up");
        }
    }

    /** A 10.x.y.0/24 no interface or route of this machine uses, derived from the pid so concurrent runs differ. */
    private static String freeSubnet(long pid, char run) {
        String used = Shell.run("ip", "-4", "addr") + Shell.run("ip", "-4", "route");
        for (int attempt = 0; attempt < 500; attempt++) {
            long k = pid * 31 + run + attempt * 7919L;
            String candidate = "10." + (200 + k % 50) + "." + (k / 50 % 250 + 1);
            if (!used.contains(candidate + ".")) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free 10.x.y.0/24 found");
    }

    /** Namespaces (and their bridges) left by a test JVM that is gone. */
    private static void removeLeftovers() {
        for (String line : Shell.run("ip", "netns", "list").split("\n")) {
            Matcher m = OURS.matcher(line.split(" ")[0]);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                Shell.attempt("ip", "netns", "del", m.group());
                Shell.attempt("ip", "link", "del", "cf" + m.group(1) + m.group(2) + "br");
            }
        }
    }

    String namespace(int node) {
        return prefix + "n" + node;
    }

    @Override
    public String description() {
        return "network namespaces " + namespace(0) + ".." + namespace(nodes - 1) + " on bridge " + prefix + "br, "
                + subnet + ".0/24; links cut with " + (iptables ? "iptables DROP (silent loss)" : "blackhole routes (iptables not installed or -Dfaults.cut=route)");
    }

    @Override
    public String host(int node) {
        return subnet + "." + (10 + node);
    }

    @Override
    public int port(int node) {
        return PORT + node;
    }

    @Override
    public List<String> launchPrefix(int node) {
        // ip netns exec execs the command (no fork) so the child's pid is the JVM's.
        return List.of("ip", "netns", "exec", namespace(node));
    }

    @Override
    public boolean canPartition() {
        return true;
    }

    @Override
    public synchronized void cut(int from, int to) {
        if (cuts.add(List.of(from, to))) {
            Shell.run(cutCommand(from, to, true));
        }
    }

    @Override
    public synchronized void healAll() {
        List<String> failures = new ArrayList<>();
        for (List<Integer> link : cuts) {
            Shell.Result r = Shell.attempt(cutCommand(link.get(0), link.get(1), false));
            if (r.exitCode() != 0) {
                failures.add(link + ": " + r.output().strip());
            }
        }
        cuts.clear();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("could not heal links " + failures);
        }
    }

    private String[] cutCommand(int from, int to, boolean add) {
        if (iptables) {
            return new String[] {"ip", "netns", "exec", namespace(to), "iptables", add ? "-A" : "-D", "INPUT",
                "-s", host(from), "-j", "DROP"};
        }
        return new String[] {"ip", "-n", namespace(from), "route", add ? "add" : "del", "blackhole", host(to) + "/32"};
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs removeAll again, which is harmless.
        }
    }

    private void removeAll() {
        for (int i = 0; i < nodes; i++) {
            Shell.attempt("ip", "link", "del", prefix + "v" + i);
            Shell.attempt("ip", "netns", "del", namespace(i));
        }
        Shell.attempt("ip", "link", "del", prefix + "br");
    }
}
