package io.coterie.server.command.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.ring.NodeId;
import io.coterie.ring.placement.HashSlots;
import io.coterie.server.cluster.repair.PeerReport;
import io.coterie.server.cluster.repair.RepairReport;
import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The subcommands that need no running cluster; the rest are covered by ClusterRuntimeTest on real buses. */
class ClusterCommandsTest {

    private final TestContext ctx = TestContext.of(new ClusterCommands(Optional::empty, Optional::empty).specs(), StringCommands.specs());

    @Test
    void keyslotHonoursHashTags() {
        assertEquals(":12182", ctx.call("CLUSTER", "KEYSLOT", "foo").toString());
        assertEquals(ctx.call("CLUSTER", "KEYSLOT", "{user1}.a").toString(), ctx.call("CLUSTER", "KEYSLOT", "user1").toString());
    }

    @Test
    void countAndGetKeysInSlotWalkTheLocalStore() {
        for (int i = 0; i < 200; i++) {
            ctx.call("SET", "k" + i, "v");
        }
        int slot = HashSlots.slotOf("{t}".getBytes(StandardCharsets.UTF_8));
        ctx.call("SET", "{t}a", "v");
        ctx.call("SET", "{t}b", "v");
        assertEquals(":2", ctx.call("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot)).toString());
        assertEquals(1, ((io.coterie.server.command.RecordingRespWriter.Array)
                ctx.call("CLUSTER", "GETKEYSINSLOT", Integer.toString(slot), "1")).elements().size());
        assertEquals("-ERR Invalid slot", ctx.call("CLUSTER", "COUNTKEYSINSLOT", "16384").toString());
        assertEquals("-ERR Invalid slot", ctx.call("CLUSTER", "COUNTKEYSINSLOT", "x").toString());
        assertEquals("-ERR Invalid number of keys", ctx.call("CLUSTER", "GETKEYSINSLOT", "0", "-1").toString());
    }

    @Test
    void withoutAClusterRuntimeTheMembershipSubcommandsSaySo() {
        assertEquals("-" + ClusterCommands.DISABLED, ctx.call("CLUSTER", "NODES").toString());
        assertEquals("-" + ClusterCommands.DISABLED, ctx.call("CLUSTER", "REPAIR").toString());
    }

    @Test
    void aRepairReportReadsLikeClusterInfo() {
        NodeId peer = new NodeId("b".repeat(40));
        RepairReport report = new RepairReport(List.of(new PeerReport(peer, 16384, 2, 1, 3, 100, 300, 900, 1200, 42)),
                Map.of(new NodeId("c".repeat(40)), "refused\r\nby peer"), 50);
        List<String> lines = ClusterRepair.lines(report, 0, 16383);
        assertEquals(List.of("slots:0-16383", "peers:1", "peers_failed:1", "slots_compared:16384", "slots_differing:2",
                "keys_sent:1", "keys_received:3", "record_bytes_sent:100", "record_bytes_received:300", "bytes_sent:900",
                "bytes_received:1200", "duration_ms:50"), lines.subList(0, 12));
        assertEquals("peer:" + peer + ",slots_differing=2,keys_sent=1,keys_received=3,bytes_sent=900,bytes_received=1200,"
                + "duration_ms=42", lines.get(12));
        assertEquals("failed:" + "c".repeat(40) + ",refused  by peer", lines.get(13), "no line breaks inside a line");
    }

    @Test
    void readonlyReadwriteAndErrorsAnswerAsRedisDoes() {
        assertEquals("+OK", ctx.call("READONLY").toString());
        assertEquals("+OK", ctx.call("READWRITE").toString());
        assertEquals("-ERR wrong number of arguments for 'cluster|keyslot' command", ctx.call("CLUSTER", "KEYSLOT").toString());
    }
}
