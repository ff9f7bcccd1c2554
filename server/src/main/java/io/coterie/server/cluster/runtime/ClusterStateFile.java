package io.coterie.server.cluster.runtime;

import io.coterie.ring.NodeId;
import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.NodeStatus;
import io.coterie.ring.membership.PlacementInputs;
import io.coterie.ring.membership.RememberedMember;
import io.coterie.server.cluster.DurableTextFile;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cluster-state.conf} in the data directory: this node's id, whether it has joined, and its last known peers,
 * as a few text lines an operator can read (Redis keeps {@code nodes.conf} for the same reason):
 * <pre>
 * myid 3f2a...
 * joined yes
 * generation 1795317058894
 * member 9c1e... 1795317051234 127.0.0.1 19610 29610 UP 1 256 rack-a
 * </pre>
 * A member line is: id, generation, host, client port, bus port, status, weight, vnodes, and the rack if any.
 * <pre>
 * </pre>
 * Written crash-safely: a temporary file is written and forced to disk, then renamed over the old one, so a crash
 * leaves either the old or the new file, never half of one.
 */
public final class ClusterStateFile {

    public static final String FILE_NAME = "cluster-state.conf";
    static final String TEMP_SUFFIX = DurableTextFile.TEMP_SUFFIX;
    /** Peers written at most: the gossiper tracks no more members than this (GossipConfig.membersMax). */
    static final int PEERS_MAX = 1024;

    private final Path file;

    public ClusterStateFile(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The saved state, or empty on a node's first start. A temporary file left by a crash is ignored. */
    public Optional<ClusterState> read() {
        return DurableTextFile.readLines(file).map(this::parse);
    }

    private ClusterState parse(List<String> lines) {
        NodeId id = null;
        boolean joined = false;
        long generation = 0;
        List<RememberedMember> peers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            try {
                switch (w[0]) {
                    case "myid" -> id = new NodeId(word(w, 1, 2));
                    case "joined" -> joined = word(w, 1, 2).equals("yes");
                    case "generation" -> generation = Long.parseLong(word(w, 1, 2));
                    case "member" -> {
                        if (peers.size() < PEERS_MAX) {
                            peers.add(parseMember(w));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown directive '" + w[0] + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": " + e.getMessage()
                        + " (fix or delete the file; deleting it makes this a new node)");
            }
        }
        if (id == null) {
            throw new IllegalStateException(file + " has no 'myid' line (fix or delete the file; deleting it makes this a new node)");
        }
        return new ClusterState(id, joined, peers, generation);
    }

    /** A {@code member} line's words (the first is "member") back into the member; the simulator saves the same lines. */
    public static RememberedMember parseMember(String[] w) {
        if (w.length != 9 && w.length != 10) {
            throw new IllegalArgumentException("expected: member <id> <generation> <host> <client-port> <bus-port> "
                    + "<status> <weight> <vnodes> [rack]");
        }
        Address address = new Address(w[3], Integer.parseInt(w[4]), Integer.parseInt(w[5]));
        PlacementInputs placement = new PlacementInputs(Integer.parseInt(w[7]),
                w.length == 10 ? URLDecoder.decode(w[9], StandardCharsets.UTF_8) : "",
                Integer.parseInt(w[8]));
        return new RememberedMember(new NodeId(w[1]), address, Long.parseLong(w[2]), NodeStatus.valueOf(w[6]), placement);
    }

    /** One member as its {@code member} line, without the newline. */
    public static String memberLine(RememberedMember m) {
        Address a = m.address();
        PlacementInputs p = m.placement();
        StringBuilder sb = new StringBuilder("member ").append(m.id()).append(' ').append(m.generation()).append(' ')
                .append(a.host()).append(' ').append(a.clientPort()).append(' ').append(a.busPort()).append(' ')
                .append(m.status()).append(' ').append(p.weight()).append(' ').append(p.vnodes());
        if (!p.rack().isEmpty()) {
            sb.append(' ').append(URLEncoder.encode(p.rack(), StandardCharsets.UTF_8)); // a rack may hold spaces
        }
        return sb.toString();
    }

    private static String word(String[] w, int index, int expectedWords) {
        if (w.length != expectedWords) {
            throw new IllegalArgumentException("expected " + expectedWords + " words");
        }
        return w[index];
    }

    /** Replaces the file crash-safely ({@link DurableTextFile}). */
    public void write(ClusterState state) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Coterie cluster state, rewritten by the server: do not edit while it runs\n");
        sb.append("myid ").append(state.id()).append('\n');
        sb.append("joined ").append(state.joined() ? "yes" : "no").append('\n');
        sb.append("generation ").append(state.generation()).append('\n');
        for (RememberedMember m : state.peers()) {
            sb.append(memberLine(m)).append('\n');
        }
        DurableTextFile.replace(file, sb.toString());
    }
}
