package io.coterie.server.command.cluster;

import io.coterie.ring.quorum.PendingHints;
import io.coterie.server.command.RespWriter;
import java.util.List;

/**
 * CLUSTER HINTS: one flat field/value array per target node with hints pending or dropped, by node id:
 * {@code node <id> count <n> bytes <n> in_flight <n> oldest_ms <epoch ms or -1> dropped <n>}
 * (an empty array when there are none). {@code dropped} counts hints evicted or refused since the
 * node was last repaired: non-zero means only anti-entropy can bring it fully up to date.
 */
final class HintsReply {

    static final String NOT_RUNNING = "ERR hinted handoff is not running on this node";
    private static final int FIELDS = 6;

    private HintsReply() {
    }

    static void write(List<PendingHints> rows, RespWriter out) {
        out.array(rows.size());
        for (PendingHints p : rows) {
            out.array(FIELDS * 2);
            out.bulk("node");
            out.bulk(p.target().value());
            field(out, "count", p.count());
            field(out, "bytes", p.bytes());
            field(out, "in_flight", p.inFlight());
            field(out, "oldest_ms", p.oldestMs());
            field(out, "dropped", p.dropped());
        }
    }

    private static void field(RespWriter out, String name, long value) {
        out.bulk(name);
        out.integer(value);
    }
}
