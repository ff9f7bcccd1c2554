package io.coterie.server.command.cluster;

import io.coterie.ring.placement.HashSlots;
import io.coterie.server.command.CommandContext;

import java.util.ArrayList;
import java.util.List;

/**
 * COUNTKEYSINSLOT and GETKEYSINSLOT over the local store. The store is not split by slot yet, so both walk every
 * key and hash it: O(keys in this node) on the calling event loop, where Redis is
 * O(keys in the slot). Meant for operators and tools, not hot paths.
 */
final class KeysInSlot {

    private KeysInSlot() {
    }

    static long count(CommandContext ctx, int slot) {
        long[] n = new long[1];
        ctx.store().forEachKey(ctx.nowMillis(), k -> {
            if (HashSlots.slotOf(k) == slot) {
                n[0]++;
            }
        });
        return n[0];
    }

    static List<byte[]> keys(CommandContext ctx, int slot, int max) {
        List<byte[]> out = new ArrayList<>();
        if (max == 0) {
            return out;
        }
        ctx.store().forEachKey(ctx.nowMillis(), k -> {
            if (out.size() < max && HashSlots.slotOf(k) == slot) {
                out.add(k);
            }
        });
        return out;
    }
}
