package io.coterie.server.command.connection;

import io.coterie.server.ClientHandle;
import io.coterie.server.ServerRuntime;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.RespWriter;
import io.coterie.server.command.Session;
import java.util.List;
import java.util.Locale;

/**
 * CLIENT and its subcommands. Accepts what client libraries send at connect (SETNAME, SETINFO,
 * NO-EVICT, NO-TOUCH); anything else unknown answers Redis's "unknown subcommand" error, which the
 * libraries tolerate (Lettuce 7.7's CLIENT MAINT_NOTIFICATIONS).
 */
final class ClientCommand {

    private static final List<String> HELP = List.of(
            "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ID", "    Return the ID of the current connection.",
            "INFO", "    Return information about the current client connection.",
            "LIST [TYPE normal] [ID <id> [<id> ...]]", "    Return information about client connections.",
            "GETNAME", "    Return the name of the current connection.",
            "SETNAME <name>", "    Assign the name <name> to the current connection.",
            "SETINFO <LIB-NAME|LIB-VER> <value>", "    Set client library name or version.",
            "KILL <ip:port> | KILL ID <id> | KILL ADDR <ip:port>", "    Kill connections.",
            "NO-EVICT (ON|OFF)", "    Accepted; Coterie never evicts clients.",
            "NO-TOUCH (ON|OFF)", "    Accepted; Coterie keeps no LRU data.",
            "HELP", "    Print this help.");

    private final ServerRuntime runtime;

    ClientCommand(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    void handle(CommandContext ctx, Args a, RespWriter out) {
        String sub = a.string(1).toLowerCase(Locale.ROOT);
        Session s = ctx.session();
        switch (sub) {
            case "id" -> {
                arity(a, 2, sub);
                out.integer(s.id());
            }
            case "getname" -> {
                arity(a, 2, sub);
                if (s.name().isEmpty()) {
                    out.nullBulk();
                } else {
                    out.bulk(s.name());
                }
            }
            case "setname" -> {
                arity(a, 3, sub);
                s.name(validName(a.string(2)));
                out.ok();
            }
            case "setinfo" -> {
                arity(a, 4, sub);
                String value = a.string(3);
                if (a.is(2, "LIB-NAME")) {
                    s.libName(validName(value));
                } else if (a.is(2, "LIB-VER")) {
                    s.libVersion(validName(value));
                } else {
                    throw new CommandError("ERR Unrecognized option '" + a.string(2) + "'");
                }
                out.ok();
            }
            case "info" -> {
                arity(a, 2, sub);
                out.bulk(line(ConnectionCommands.handle(runtime, ctx)) + "\n");
            }
            case "list" -> list(a, out);
            case "kill" -> kill(ctx, a, out);
            case "no-evict", "no-touch" -> {
                arity(a, 3, sub);
                if (!a.is(2, "ON") && !a.is(2, "OFF")) {
                    throw CommandError.syntax();
                }
                out.ok();
            }
            case "help" -> {
                out.array(HELP.size());
                HELP.forEach(out::simpleString);
            }
            default -> throw new CommandError("ERR unknown subcommand '" + a.string(1) + "'. Try CLIENT HELP.");
        }
    }

    private static void arity(Args a, int expected, String sub) {
        if (a.count() != expected) {
            throw CommandError.wrongArity("client|" + sub);
        }
    }

    /** Redis refuses names with spaces, newlines and other characters outside '!'..'~'. */
    static String validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                throw new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return name;
    }

    private void list(Args a, RespWriter out) {
        List<ClientHandle> clients = runtime.clients().all();
        java.util.Set<Long> ids = null;
        for (int i = 2; i < a.count(); i++) {
            if (a.is(i, "TYPE") && i + 1 < a.count()) {
                String type = a.string(++i).toLowerCase(Locale.ROOT);
                switch (type) {
                    case "normal" -> { }
                    case "master", "replica", "slave", "pubsub" -> clients = List.of();
                    default -> throw new CommandError("ERR Unknown client type '" + a.string(i) + "'");
                }
            } else if (a.is(i, "ID") && i + 1 < a.count()) {
                ids = new java.util.HashSet<>();
                while (i + 1 < a.count()) {
                    long id;
                    try {
                        id = a.longArg(++i);
                    } catch (CommandError e) {
                        throw new CommandError("ERR Invalid client ID");
                    }
                    ids.add(id);
                }
            } else {
                throw CommandError.syntax();
            }
        }
        StringBuilder sb = new StringBuilder();
        for (ClientHandle h : clients) {
            if (ids == null || ids.contains(h.session().id())) {
                sb.append(line(h)).append('\n');
            }
        }
        out.bulk(sb.toString());
    }

    private void kill(CommandContext ctx, Args a, RespWriter out) {
        if (a.count() == 3) {
            // Old form: CLIENT KILL ip:port → +OK or an error.
            ClientHandle target = byAddress(a.string(2));
            if (target == null) {
                throw new CommandError("ERR No such client");
            }
            target.kill();
            out.ok();
            return;
        }
        if (a.count() < 4 || a.count() % 2 != 0) {
            throw CommandError.syntax();
        }
        Long id = null;
        String addr = null;
        boolean skipMe = true;
        for (int i = 2; i < a.count(); i += 2) {
            if (a.is(i, "ID")) {
                try {
                    id = a.longArg(i + 1);
                } catch (CommandError e) {
                    throw new CommandError("ERR client-id should be greater than 0");
                }
            } else if (a.is(i, "ADDR")) {
                addr = a.string(i + 1);
            } else if (a.is(i, "SKIPME")) {
                if (a.is(i + 1, "YES")) {
                    skipMe = true;
                } else if (a.is(i + 1, "NO")) {
                    skipMe = false;
                } else {
                    throw CommandError.syntax();
                }
            } else {
                throw CommandError.syntax();
            }
        }
        int killed = 0;
        for (ClientHandle h : runtime.clients().all()) {
            Session s = h.session();
            boolean me = s.id() == ctx.session().id();
            if ((id == null || s.id() == id) && (addr == null || s.remoteAddress().equals(addr)) && !(me && skipMe)) {
                if (me) {
                    h.closeAfterReply();
                } else {
                    h.kill();
                }
                killed++;
            }
        }
        out.integer(killed);
    }

    private ClientHandle byAddress(String addr) {
        for (ClientHandle h : runtime.clients().all()) {
            if (h.session().remoteAddress().equals(addr)) {
                return h;
            }
        }
        return null;
    }

    /** One CLIENT LIST line, with Redis 7's fields (the ones Coterie has no notion of are constant). */
    private String line(ClientHandle h) {
        Session s = h.session();
        long now = runtime.clock().millis();
        return "id=" + s.id()
                + " addr=" + s.remoteAddress()
                + " laddr=" + s.localAddress()
                + " fd=-1"
                + " name=" + s.name()
                + " age=" + (now - s.createdAtMs()) / 1000
                + " idle=" + Math.max(0, now - s.lastCommandAtMs()) / 1000
                + " flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0"
                + " obl=0 oll=0 omem=" + h.pendingReplyBytes()
                + " tot-mem=0 events=r cmd=" + s.lastCommand()
                + " user=default redir=-1 resp=2"
                + " lib-name=" + s.libName()
                + " lib-ver=" + s.libVersion();
    }
}
