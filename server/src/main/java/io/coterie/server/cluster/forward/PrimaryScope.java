package io.coterie.server.cluster.forward;

import io.coterie.ring.placement.HashSlots;
import io.coterie.server.cluster.Topology;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.GlobPattern;
import io.coterie.storage.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * DBSIZE and KEYS when every key has several copies: each node answers for the keys whose slot it is
 * primary for, so the fan-out's sum (or concatenation) counts each key once, as Redis Cluster's
 * clients get by asking each master.
 */
final class PrimaryScope {

    private PrimaryScope() {
    }

    static boolean applies(Topology topology, CommandSpec spec) {
        return topology.replicas() > 1 && (spec.name().equals("dbsize") || spec.name().equals("keys"));
    }

    /** The node's share of the command's reply; call only where {@link #applies} holds. */
    static byte[] run(Topology topology, Store store, Args args, long nowMs) {
        boolean keys = args.is(0, "KEYS");
        byte[] pattern = keys ? args.bytes(1) : null;
        boolean all = pattern == null || (pattern.length == 1 && pattern[0] == '*');
        List<byte[]> found = new ArrayList<>();
        long[] count = {0};
        store.forEachKey(nowMs, key -> {
            if (topology.ring().primary(HashSlots.slotOf(key)).equals(topology.self())
                    && (all || GlobPattern.matches(pattern, key, false))) {
                count[0]++;
                if (keys) {
                    found.add(key);
                }
            }
        });
        ReplyBytes out = new ReplyBytes();
        if (keys) {
            out.array(found.size());
            found.forEach(out::bulk);
        } else {
            out.integer(count[0]);
        }
        return out.toByteArray();
    }
}
