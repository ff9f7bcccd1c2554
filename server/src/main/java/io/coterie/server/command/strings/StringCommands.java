package io.coterie.server.command.strings;

import static io.coterie.server.command.CommandFlag.DENYOOM;
import static io.coterie.server.command.CommandFlag.FAST;
import static io.coterie.server.command.CommandFlag.READONLY;
import static io.coterie.server.command.CommandFlag.WRITE;

import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandHandler;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.RespWriter;
import io.coterie.server.command.keys.KeyReads;
import io.coterie.server.command.keys.Outcome;
import io.coterie.server.command.keys.Records;
import io.coterie.storage.Mutation;
import io.coterie.storage.Record;
import io.coterie.storage.Store;
import java.util.List;
import java.util.Set;

/**
 * Redis's "string" commands. Arity, flags and key positions are those Redis 7's COMMAND INFO
 * reports; each body is a few lines over a shared core ({@link SetGeneric}, {@link IntegerIncrement},
 * {@link FloatIncrement}, {@link StringEdits}).
 */
public final class StringCommands {

    private static final String GROUP = "string";

    private StringCommands() {
    }

    public static List<CommandSpec> specs() {
        return List.of(
                spec("get", 2, Set.of(READONLY, FAST), 1, 1, 1, "Get the value of a key", StringCommands::get),
                spec("set", -3, Set.of(WRITE, DENYOOM), 1, 1, 1, "Set the string value of a key", StringCommands::set),
                spec("setnx", 3, Set.of(WRITE, DENYOOM, FAST), 1, 1, 1,
                        "Set the value of a key, only if the key does not exist", StringCommands::setnx),
                spec("setex", 4, Set.of(WRITE, DENYOOM), 1, 1, 1, "Set the value and expiration of a key",
                        (ctx, args, out) -> setWithExpiry(ctx, args, out, SetOptions.Expiry.EX)),
                spec("psetex", 4, Set.of(WRITE, DENYOOM), 1, 1, 1,
                        "Set the value and expiration in milliseconds of a key",
                        (ctx, args, out) -> setWithExpiry(ctx, args, out, SetOptions.Expiry.PX)),
                spec("getset", 3, Set.of(WRITE, DENYOOM, FAST), 1, 1, 1,
                        "Set the string value of a key and return its old value", StringCommands::getset),
                spec("getdel", 2, Set.of(WRITE, FAST), 1, 1, 1, "Get the value of a key and delete the key",
                        StringCommands::getdel),
                spec("getex", -2, Set.of(WRITE, FAST), 1, 1, 1,
                        "Get the value of a key and optionally set its expiration", StringCommands::getex),
                spec("mget", -2, Set.of(READONLY, FAST), 1, -1, 1, "Get the values of all the given keys",
                        StringCommands::mget),
                spec("mset", -3, Set.of(WRITE, DENYOOM), 1, -1, 2, "Set multiple keys to multiple values",
                        (ctx, args, out) -> mset(ctx, args, out, false)),
                spec("msetnx", -3, Set.of(WRITE, DENYOOM), 1, -1, 2,
                        "Set multiple keys to multiple values, only if none of the keys exist",
                        (ctx, args, out) -> mset(ctx, args, out, true)),
                spec("append", 3, Set.of(WRITE, DENYOOM, FAST), 1, 1, 1, "Append a value to a key",
                        StringEdits::append),
                spec("strlen", 2, Set.of(READONLY, FAST), 1, 1, 1, "Get the length of the value stored in a key",
                        StringCommands::strlen),
                spec("getrange", 4, Set.of(READONLY), 1, 1, 1, "Get a substring of the string stored at a key",
                        StringEdits::getRange),
                spec("setrange", 4, Set.of(WRITE, DENYOOM), 1, 1, 1,
                        "Overwrite part of a string at key starting at the specified offset", StringEdits::setRange),
                spec("incr", 2, Set.of(WRITE, DENYOOM, FAST), 1, 1, 1, "Increment the integer value of a key by one",
                        (ctx, args, out) -> IntegerIncrement.incrementBy(ctx, args.bytes(1), 1, out)),
                spec("decr", 2, Set.of(WRITE, DENYOOM, FAST), 1, 1, 1, "Decrement the integer value of a key by one",
                        (ctx, args, out) -> IntegerIncrement.incrementBy(ctx, args.bytes(1), -1, out)),
                spec("incrby", 3, Set.of(WRITE, DENYOOM, FAST), 1, 1, 1,
                        "Increment the integer value of a key by the given amount",
                        (ctx, args, out) -> IntegerIncrement.incrementBy(ctx, args.bytes(1), args.longArg(2), out)),
                spec("decrby", 3, Set.of(WRITE, DENYOOM, FAST), 1, 1, 1,
                        "Decrement the integer value of a key by the given number",
                        (ctx, args, out) -> IntegerIncrement.incrementBy(ctx, args.bytes(1),
                                IntegerIncrement.negatedDecrement(args, 2), out)),
                spec("incrbyfloat", 3, Set.of(WRITE, DENYOOM, FAST), 1, 1, 1,
                        "Increment the float value of a key by the given amount",
                        (ctx, args, out) -> FloatIncrement.incrementBy(ctx, args.bytes(1), args.bytes(2), out)));
    }

    private static void get(CommandContext ctx, Args args, RespWriter out) {
        StringReplies.valueOrNil(out, KeyReads.read(ctx, args.bytes(1)));
    }

    private static void set(CommandContext ctx, Args args, RespWriter out) {
        SetOptions options = SetOptions.parseSet(args, 3);
        SetGeneric.set(ctx, args, args.bytes(1), args.bytes(2), options, out, SetGeneric.Replies.OK_OR_NIL);
    }

    private static void setnx(CommandContext ctx, Args args, RespWriter out) {
        SetGeneric.set(ctx, args, args.bytes(1), args.bytes(2), SetOptions.ONLY_IF_ABSENT, out,
                SetGeneric.Replies.ONE_OR_ZERO);
    }

    /** SETEX / PSETEX key time value. */
    private static void setWithExpiry(CommandContext ctx, Args args, RespWriter out, SetOptions.Expiry expiry) {
        SetGeneric.set(ctx, args, args.bytes(1), args.bytes(3), SetOptions.withExpiry(expiry, args.bytes(2)), out,
                SetGeneric.Replies.OK_OR_NIL);
    }

    private static void getset(CommandContext ctx, Args args, RespWriter out) {
        SetGeneric.set(ctx, args, args.bytes(1), args.bytes(2), SetOptions.RETURNING_OLD, out,
                SetGeneric.Replies.OK_OR_NIL);
    }

    private static void getdel(CommandContext ctx, Args args, RespWriter out) {
        Record removed = ctx.store().update(args.bytes(1), ctx.nowMillis(),
                current -> current == null ? Mutation.keep(null) : Mutation.remove(current));
        KeyReads.count(ctx, removed != null);
        StringReplies.valueOrNil(out, removed);
    }

    /**
     * GETEX key [EX|PX|EXAT|PXAT time | PERSIST]. As Redis: options are checked first, a missing key
     * answers nil before the time is validated, and a time already past deletes the key after
     * answering its value.
     */
    private static void getex(CommandContext ctx, Args args, RespWriter out) {
        SetOptions options = SetOptions.parseGetex(args, 2);
        if (!options.hasExpiry() && !options.persist()) {
            get(ctx, args, out);
            return;
        }
        long nowMs = ctx.nowMillis();
        Outcome<Long> expireAt = expiryOf(options, nowMs, args);
        Record found = ctx.store().update(args.bytes(1), nowMs, current -> {
            if (current == null || expireAt.error() != null) {
                return Mutation.keep(current);
            }
            if (options.persist()) {
                return current.hasExpiry()
                        ? Mutation.put(current.withExpireAt(Record.NO_EXPIRY), current)
                        : Mutation.keep(current);
            }
            if (expireAt.value() <= nowMs) {
                return Mutation.remove(current);
            }
            return Mutation.put(current.withExpireAt(expireAt.value()), current);
        });
        KeyReads.count(ctx, found != null);
        if (found == null) {
            out.nullBulk();
            return;
        }
        expireAt.orThrow();
        out.bulk(found.value());
    }

    private static Outcome<Long> expiryOf(SetOptions options, long nowMs, Args command) {
        try {
            return Outcome.ok(options.expireAtMs(nowMs, command));
        } catch (CommandError e) {
            return Outcome.failed(e);
        }
    }

    private static void mget(CommandContext ctx, Args args, RespWriter out) {
        Record[] found = new Record[args.count() - 1];
        for (int i = 1; i < args.count(); i++) {
            found[i - 1] = KeyReads.read(ctx, args.bytes(i));
        }
        out.array(found.length);
        for (Record r : found) {
            StringReplies.valueOrNil(out, r);
        }
    }

    /**
     * MSET / MSETNX key value [key value ...]. Each key is written atomically and loses its expiry.
     * MSETNX writes nothing if any key exists; the store is atomic per key only, so a key created by
     * another client between the check and the writes is overwritten (the coordinator spreads these
     * keys over nodes anyway).
     */
    private static void mset(CommandContext ctx, Args args, RespWriter out, boolean onlyIfNoneExist) {
        if (args.count() % 2 == 0) {
            throw CommandError.wrongArity(args.commandName());
        }
        Store store = ctx.store();
        long nowMs = ctx.nowMillis();
        if (onlyIfNoneExist) {
            for (int i = 1; i < args.count(); i += 2) {
                if (store.get(args.bytes(i), nowMs) != null) {
                    out.integer(0);
                    return;
                }
            }
        }
        for (int i = 1; i < args.count(); i += 2) {
            byte[] value = args.bytes(i + 1);
            store.update(args.bytes(i), nowMs,
                    current -> Mutation.put(Records.replacing(current, value, Record.NO_EXPIRY), null));
        }
        if (onlyIfNoneExist) {
            out.integer(1);
        } else {
            out.ok();
        }
    }

    private static void strlen(CommandContext ctx, Args args, RespWriter out) {
        Record r = KeyReads.read(ctx, args.bytes(1));
        out.integer(r == null ? 0 : r.value().length);
    }

    private static CommandSpec spec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey,
                                    int keyStep, String summary, CommandHandler handler) {
        return new CommandSpec(name, arity, flags, firstKey, lastKey, keyStep, GROUP, summary, handler);
    }
}
