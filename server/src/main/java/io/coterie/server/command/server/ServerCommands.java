package io.coterie.server.command.server;

import static io.coterie.server.command.CommandFlag.ADMIN;
import static io.coterie.server.command.CommandFlag.FAST;
import static io.coterie.server.command.CommandFlag.LOADING;
import static io.coterie.server.command.CommandFlag.NOSCRIPT;
import static io.coterie.server.command.CommandFlag.READONLY;
import static io.coterie.server.command.CommandFlag.STALE;
import static io.coterie.server.command.CommandFlag.WRITE;

import io.coterie.server.ClientHandle;
import io.coterie.server.ServerRuntime;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandHandler;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.RespWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Server commands (Redis's "server" group): COMMAND, INFO, CONFIG, DBSIZE, FLUSHALL, FLUSHDB, TIME, SHUTDOWN, DEBUG. */
public final class ServerCommands {

    /** DEBUG SLEEP longer than this is refused: a connection should not be parked for hours by mistake. */
    static final double DEBUG_SLEEP_SECONDS_MAX = 3600;

    private ServerCommands() {
    }

    public static List<CommandSpec> specs(ServerRuntime runtime) {
        CommandIntrospection command = new CommandIntrospection(runtime);
        ConfigCommand config = new ConfigCommand(runtime);
        InfoReport info = new InfoReport(runtime);
        return List.of(
                spec("command", -1, "Returns detailed information about all commands.", command::handle, LOADING, STALE),
                spec("info", -1, "Returns information and statistics about the server.", (ctx, a, out) -> {
                    List<String> sections = new ArrayList<>();
                    for (int i = 1; i < a.count(); i++) {
                        sections.add(a.string(i));
                    }
                    out.bulk(info.render(sections));
                }, LOADING, STALE),
                spec("config", -2, "A container for server configuration commands.", config::handle, ADMIN, NOSCRIPT,
                        LOADING, STALE),
                spec("dbsize", 1, "Returns the number of keys in the database.",
                        (ctx, a, out) -> out.integer(ctx.store().size()), READONLY, FAST),
                spec("flushall", -1, "Removes all keys from all databases.", ServerCommands::flush, WRITE),
                spec("flushdb", -1, "Remove all keys from the current database.", ServerCommands::flush, WRITE),
                spec("time", 1, "Returns the server time.", ServerCommands::time, LOADING, STALE, FAST),
                spec("shutdown", -1, "Synchronously saves the database(s) to disk and shuts down the Redis server.",
                        (ctx, a, out) -> shutdown(runtime, ctx, a, out), ADMIN, NOSCRIPT, LOADING, STALE),
                spec("debug", -2, "A container for debugging commands.", (ctx, a, out) -> debug(runtime, ctx, a, out),
                        ADMIN, NOSCRIPT, LOADING, STALE));
    }

    static CommandSpec spec(String name, int arity, String summary, CommandHandler h, CommandFlag... flags) {
        Set<CommandFlag> f = flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags);
        return new CommandSpec(name, arity, f, 0, 0, 0, "server", summary, h);
    }

    /** FLUSHALL/FLUSHDB [ASYNC|SYNC]: both modes clear at once; there is only db 0. */
    private static void flush(CommandContext ctx, Args a, RespWriter out) {
        if (a.count() > 2 || (a.count() == 2 && !a.is(1, "ASYNC") && !a.is(1, "SYNC"))) {
            throw CommandError.syntax();
        }
        ctx.store().clear();
        out.ok();
    }

    private static void time(CommandContext ctx, Args a, RespWriter out) {
        long nowMs = ctx.nowMillis();
        // Microseconds below the millisecond come from the monotonic clock so successive calls move.
        long micros = (nowMs % 1000) * 1000 + (System.nanoTime() / 1000) % 1000;
        out.array(2);
        out.bulk(Long.toString(nowMs / 1000));
        out.bulk(Long.toString(micros));
    }

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: every write is already in the commit log, so the
     * options change nothing; the server stops as on SIGTERM (clients closed, store closed cleanly). As on Redis, a
     * shutdown that goes ahead is not answered: the client sees its connection close (Jedis's {@code shutdown()}
     * treats a reply as an error, and redis-cli prints nothing).
     */
    private static void shutdown(ServerRuntime runtime, CommandContext ctx, Args a, RespWriter out) {
        for (int i = 1; i < a.count(); i++) {
            if (a.is(i, "ABORT")) {
                throw new CommandError("ERR No shutdown in progress.");
            }
            if (!a.is(i, "NOSAVE") && !a.is(i, "SAVE") && !a.is(i, "NOW") && !a.is(i, "FORCE")) {
                throw CommandError.syntax();
            }
        }
        if (!runtime.requestShutdown()) {
            throw new CommandError("ERR Errors trying to SHUTDOWN. Check logs.");
        }
    }

    private static void debug(ServerRuntime runtime, CommandContext ctx, Args a, RespWriter out) {
        if (a.is(1, "SLEEP") && a.count() == 3) {
            double seconds = a.doubleArg(2);
            if (seconds < 0 || seconds > DEBUG_SLEEP_SECONDS_MAX) {
                throw new CommandError("ERR DEBUG SLEEP takes 0 to " + (long) DEBUG_SLEEP_SECONDS_MAX + " seconds");
            }
            long ms = Math.round(seconds * 1000);
            if (ms > 0) {
                ClientHandle h = runtime.clients().get(ctx.session().id());
                if (h == null) {
                    throw new IllegalStateException("connection " + ctx.session().id() + " is not registered");
                }
                h.delayReply(ms);
            }
            out.ok();
            return;
        }
        if (a.is(1, "HELP")) {
            out.array(3);
            out.simpleString("DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
            out.simpleString("SLEEP <seconds>");
            out.simpleString("    Stop answering this connection for <seconds> (other connections go on).");
            return;
        }
        throw new CommandError("ERR unknown subcommand '" + a.string(1) + "'. Try DEBUG HELP.");
    }
}
