package io.coterie.server.command.keys;

import static io.coterie.server.command.CommandFlag.FAST;
import static io.coterie.server.command.CommandFlag.READONLY;
import static io.coterie.server.command.CommandFlag.WRITE;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandHandler;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.RespWriter;
import io.coterie.storage.Record;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Redis's "generic" (keyspace) commands. Arity, flags and key positions are those Redis 7's
 * COMMAND INFO reports; the bodies are thin and share their cores ({@link Expiry}, {@link Rename},
 * {@link Scan}).
 */
public final class KeyCommands {

    private static final String GROUP = "generic";

    private KeyCommands() {
    }

    public static List<CommandSpec> specs() {
        return List.of(
                spec("del", -2, Set.of(WRITE), 1, -1, "Delete a key", KeyCommands::del),
                spec("unlink", -2, Set.of(WRITE, FAST), 1, -1,
                        "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
                        KeyCommands::del),
                spec("exists", -2, Set.of(READONLY, FAST), 1, -1, "Determine if a key exists", KeyCommands::exists),
                spec("touch", -2, Set.of(READONLY, FAST), 1, -1,
                        "Alters the last access time of a key(s). Returns the number of existing keys specified.",
                        KeyCommands::exists),
                spec("type", 2, Set.of(READONLY, FAST), 1, 1, "Determine the type stored at key", KeyCommands::type),
                spec("expire", -3, Set.of(WRITE, FAST), 1, 1, "Set a key's time to live in seconds",
                        (ctx, args, out) -> Expiry.expire(ctx, args, out, TimeUnit.SECONDS, true)),
                spec("pexpire", -3, Set.of(WRITE, FAST), 1, 1, "Set a key's time to live in milliseconds",
                        (ctx, args, out) -> Expiry.expire(ctx, args, out, TimeUnit.MILLISECONDS, true)),
                spec("expireat", -3, Set.of(WRITE, FAST), 1, 1, "Set the expiration for a key as a UNIX timestamp",
                        (ctx, args, out) -> Expiry.expire(ctx, args, out, TimeUnit.SECONDS, false)),
                spec("pexpireat", -3, Set.of(WRITE, FAST), 1, 1,
                        "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
                        (ctx, args, out) -> Expiry.expire(ctx, args, out, TimeUnit.MILLISECONDS, false)),
                spec("ttl", 2, Set.of(READONLY, FAST), 1, 1, "Get the time to live for a key in seconds",
                        (ctx, args, out) -> Expiry.report(ctx, args, out, false, false)),
                spec("pttl", 2, Set.of(READONLY, FAST), 1, 1, "Get the time to live for a key in milliseconds",
                        (ctx, args, out) -> Expiry.report(ctx, args, out, true, false)),
                spec("expiretime", 2, Set.of(READONLY, FAST), 1, 1, "Get the expiration Unix timestamp for a key",
                        (ctx, args, out) -> Expiry.report(ctx, args, out, false, true)),
                spec("pexpiretime", 2, Set.of(READONLY, FAST), 1, 1,
                        "Get the expiration Unix timestamp for a key in milliseconds",
                        (ctx, args, out) -> Expiry.report(ctx, args, out, true, true)),
                spec("persist", 2, Set.of(WRITE, FAST), 1, 1, "Remove the expiration from a key", Expiry::persist),
                spec("keys", 2, Set.of(READONLY), 0, 0, "Find all keys matching the given pattern", Scan::keys),
                spec("scan", -2, Set.of(READONLY), 0, 0, "Incrementally iterate the keys space", Scan::scan),
                spec("randomkey", 1, Set.of(READONLY), 0, 0, "Return a random key from the keyspace",
                        KeyCommands::randomKey),
                spec("rename", 3, Set.of(WRITE), 1, 2, "Rename a key",
                        (ctx, args, out) -> Rename.rename(ctx, args, out, false)),
                spec("renamenx", 3, Set.of(WRITE, FAST), 1, 2, "Rename a key, only if the new key does not exist",
                        (ctx, args, out) -> Rename.rename(ctx, args, out, true)));
    }

    /** DEL and UNLINK: how many of the named keys existed and were removed (a repeated key counts once). */
    private static void del(CommandContext ctx, Args args, RespWriter out) {
        long nowMs = ctx.nowMillis();
        long removed = 0;
        for (int i = 1; i < args.count(); i++) {
            if (ctx.store().remove(args.bytes(i), nowMs)) {
                removed++;
            }
        }
        out.integer(removed);
    }

    /** EXISTS and TOUCH: how many of the named keys exist, a repeated key counted each time. */
    private static void exists(CommandContext ctx, Args args, RespWriter out) {
        long found = 0;
        for (int i = 1; i < args.count(); i++) {
            if (KeyReads.read(ctx, args.bytes(i)) != null) {
                found++;
            }
        }
        out.integer(found);
    }

    private static void type(CommandContext ctx, Args args, RespWriter out) {
        Record r = KeyReads.read(ctx, args.bytes(1));
        out.simpleString(r == null ? "none" : "string");
    }

    private static void randomKey(CommandContext ctx, Args args, RespWriter out) {
        byte[] key = ctx.store().randomKey(ctx.nowMillis());
        if (key == null) {
            out.nullBulk();
        } else {
            out.bulk(key);
        }
    }

    private static CommandSpec spec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey,
                                    String summary, CommandHandler handler) {
        return new CommandSpec(name, arity, flags, firstKey, lastKey, firstKey == 0 ? 0 : 1, GROUP, summary, handler);
    }
}
