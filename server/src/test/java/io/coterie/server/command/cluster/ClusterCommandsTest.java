package io.coterie.server.command.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.coterie.ring.placement.HashSlots;
import io.coterie.server.command.TestContext;
import io.coterie.server.command.strings.StringCommands;
import java.nio.charset.StandardCharsets;
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
    }

    @Test
    void readonlyReadwriteAndErrorsAnswerAsRedisDoes() {
        assertEquals("+OK", ctx.call("READONLY").toString());
        assertEquals("+OK", ctx.call("READWRITE").toString());
        assertEquals("-ERR wrong number of arguments for 'cluster|keyslot' command", ctx.call("CLUSTER", "KEYSLOT").toString());
    }
}
