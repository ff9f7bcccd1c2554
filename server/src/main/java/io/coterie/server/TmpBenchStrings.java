package io.coterie.server;

import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.storage.Record;
import java.util.List;
import java.util.Set;

final class TmpBenchStrings {
    static List<CommandSpec> specs() {
        return List.of(
            new CommandSpec("get", 2, Set.of(CommandFlag.READONLY, CommandFlag.FAST), 1, 1, 1, "string", "get", (ctx, a, out) -> {
                Record r = ctx.store().get(a.bytes(1), ctx.nowMillis());
                if (r == null) { ctx.keyspaceMiss(); out.nullBulk(); } else { ctx.keyspaceHit(); out.bulk(r.value()); }
            }),
            new CommandSpec("set", -3, Set.of(CommandFlag.WRITE, CommandFlag.DENYOOM), 1, 1, 1, "string", "set", (ctx, a, out) -> {
                ctx.store().put(a.bytes(1), Record.of(a.bytes(2)));
                out.ok();
            }));
    }
}
