package io.coterie.server.command.keys;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.GlobPattern;
import io.coterie.server.command.RespWriter;
import io.coterie.storage.ScanPage;
import java.util.ArrayList;
import java.util.List;

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] and KEYS pattern. */
final class Scan {

    private Scan() {
    }

    static void scan(CommandContext ctx, Args args, RespWriter out) {
        long cursor = ScanCursor.parse(args.bytes(1));
        ScanOptions options = ScanOptions.parse(args, 2);
        if (cursor < 0) {
            // Above 2^63-1 as an unsigned number: never a cursor we handed out, so the scan is over.
            writePage(out, 0, List.of());
            return;
        }
        long nowMs = ctx.nowMillis();
        ScanPage page = ctx.store().scan(cursor, (int) Math.min(options.count(), Integer.MAX_VALUE));
        List<byte[]> keys = new ArrayList<>(page.keys().size());
        for (byte[] key : page.keys()) {
            if (options.pattern() != null && !GlobPattern.matches(options.pattern(), key, false)) {
                continue;
            }
            // Redis 7.0 looks the type up with a counted read, and drops keys that have expired.
            boolean live = options.type() == ScanOptions.TypeFilter.ANY
                    ? ctx.store().get(key, nowMs) != null
                    : KeyReads.read(ctx, key) != null;
            if (live && options.type() != ScanOptions.TypeFilter.NOTHING) {
                keys.add(key);
            }
        }
        writePage(out, page.nextCursor(), keys);
    }

    static void keys(CommandContext ctx, Args args, RespWriter out) {
        byte[] pattern = args.bytes(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> keys = new ArrayList<>();
        ctx.store().forEachKey(ctx.nowMillis(), key -> {
            if (all || GlobPattern.matches(pattern, key, false)) {
                keys.add(key);
            }
        });
        writeKeys(out, keys);
    }

    private static void writePage(RespWriter out, long nextCursor, List<byte[]> keys) {
        out.array(2);
        out.bulk(Long.toUnsignedString(nextCursor));
        writeKeys(out, keys);
    }

    private static void writeKeys(RespWriter out, List<byte[]> keys) {
        out.array(keys.size());
        for (byte[] key : keys) {
            out.bulk(key);
        }
    }
}
