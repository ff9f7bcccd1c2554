package io.coterie.server.cluster.runtime;

import io.coterie.ring.membership.Address;
import io.coterie.ring.membership.BusAddress;
import io.coterie.ring.membership.PlacementInputs;

import io.coterie.server.config.Directives;
import io.coterie.server.config.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cluster runtime needs from the configuration, resolved: where this node listens and is reached, the seeds,
 * the secret, placement inputs and the data directory.
 *
 * @param bindHost       the interface the bus binds (the first {@code bind} address)
 * @param self           the address peers and clients are told: advertised host, client port, bus port
 * @param seeds          bus addresses of {@code cluster-seeds} (client port + {@value #BUS_PORT_OFFSET})
 * @param clusterSecret  {@code cluster-secret}; empty = loopback peers only
 * @param replicas       the configured N: every slot is kept on min(N, ring members) nodes
 * @param placement      node-weight, rack, vnodes
 * @param dir            where {@code cluster-state.conf} lives
 */
public record ClusterSettings(String bindHost, Address self, List<BusAddress> seeds, Optional<String> clusterSecret,
                              int replicas, PlacementInputs placement, Path dir) {

    /** Redis's cluster bus convention: the bus listens on the client port + 10000 unless told otherwise. */
    public static final int BUS_PORT_OFFSET = 10000;

    public ClusterSettings {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(self, "self");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(clusterSecret, "clusterSecret");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * Resolves the settings of a server whose client port is bound at {@code clientPort}. The bus binds the first
     * {@code bind} address; a wildcard bind advertises this host's address. {@code cluster-port 0} means client port +
     * {@value #BUS_PORT_OFFSET}, except for a server started on an ephemeral client port (port 0, tests), whose bus
     * takes an ephemeral port too.
     *
     * @param clientPortEphemeral the client port was chosen by the system (port 0): the bus may not follow it
     */
    public static ClusterSettings from(ServerConfig config, int clientPort, boolean clientPortEphemeral) {
        String bindHost = config.bindAddresses().get(0);
        String advertised = bindHost;
        if (bindHost.equals("0.0.0.0") || bindHost.equals("::")) {
            try {
                advertised = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                advertised = "127.0.0.1";
            }
        }
        int configuredBus = Integer.parseInt(config.get(Directives.CLUSTER_PORT));
        int busPort = configuredBus != 0 ? configuredBus
                : clientPortEphemeral ? ephemeralPort(bindHost) : clientPort + BUS_PORT_OFFSET;
        String secret = config.get("cluster-secret");
        PlacementInputs placement = new PlacementInputs(Integer.parseInt(config.get("node-weight")), config.get("rack"),
                Integer.parseInt(config.get("vnodes")));
        return new ClusterSettings(bindHost, new Address(advertised, clientPort, busPort),
                parseSeeds(config.get("cluster-seeds")), secret.isEmpty() ? Optional.empty() : Optional.of(secret),
                Integer.parseInt(config.get("replicas")), placement, config.dir());
    }

    private static int ephemeralPort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the cluster bus on " + host, e);
        }
    }

    /** The bus address of a node known only by its client {@code host:port}. */
    public static BusAddress busOf(String host, int clientPort) {
        return new BusAddress(host, clientPort + BUS_PORT_OFFSET);
    }

    /** Parses {@code cluster-seeds} ({@code host:port,...} client ports, already validated by the config table). */
    public static List<BusAddress> parseSeeds(String seeds) {
        List<BusAddress> out = new ArrayList<>();
        if (seeds.isBlank()) {
            return out;
        }
        for (String hp : seeds.split(",")) {
            String s = hp.trim();
            int colon = s.lastIndexOf(':');
            out.add(busOf(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
        }
        return out;
    }
}
