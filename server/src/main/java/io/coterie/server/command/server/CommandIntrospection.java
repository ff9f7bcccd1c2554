package io.coterie.server.command.server;

import io.coterie.server.ServerRuntime;
import io.coterie.server.command.Args;
import io.coterie.server.command.CommandContext;
import io.coterie.server.command.CommandError;
import io.coterie.server.command.CommandFlag;
import io.coterie.server.command.CommandSpec;
import io.coterie.server.command.RespWriter;
import java.util.ArrayList;
import java.util.List;

/** COMMAND, COMMAND COUNT/INFO/DOCS/LIST: the command table, as Redis 7 presents it in RESP2. */
final class CommandIntrospection {

    private final ServerRuntime runtime;

    CommandIntrospection(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    void handle(CommandContext ctx, Args a, RespWriter out) {
        List<CommandSpec> all = runtime.commands().all();
        if (a.count() == 1) {
            out.array(all.size());
            all.forEach(s -> info(s, out));
            return;
        }
        if (a.is(1, "COUNT") && a.count() == 2) {
            out.integer(all.size());
        } else if (a.is(1, "LIST") && a.count() == 2) {
            out.array(all.size());
            all.forEach(s -> out.bulk(s.name()));
        } else if (a.is(1, "INFO")) {
            List<CommandSpec> wanted = a.count() == 2 ? all : named(a);
            out.array(wanted.size());
            for (CommandSpec s : wanted) {
                if (s == null) {
                    out.nullArray();
                } else {
                    info(s, out);
                }
            }
        } else if (a.is(1, "DOCS")) {
            List<CommandSpec> found = new ArrayList<>();
            for (CommandSpec s : a.count() == 2 ? all : named(a)) {
                if (s != null) {
                    found.add(s);
                }
            }
            // RESP2 flattens Redis's map: name, then the doc fields as a flat array.
            out.array(found.size() * 2);
            for (CommandSpec s : found) {
                out.bulk(s.name());
                out.array(6);
                out.bulk("summary");
                out.bulk(s.summary());
                out.bulk("since");
                out.bulk("1.0.0");
                out.bulk("group");
                out.bulk(s.group());
            }
        } else {
            throw new CommandError("ERR unknown subcommand or wrong number of arguments for '" + a.string(1)
                    + "'. Try COMMAND HELP.");
        }
    }

    private List<CommandSpec> named(Args a) {
        List<CommandSpec> l = new ArrayList<>();
        for (int i = 2; i < a.count(); i++) {
            l.add(runtime.commands().lookup(a.string(i)));
        }
        return l;
    }

    /** Redis 7's 10-element entry: name, arity, flags, first, last, step, ACL categories, tips, key specs, subcommands. */
    static void info(CommandSpec s, RespWriter out) {
        out.array(10);
        out.bulk(s.name());
        out.integer(s.arity());
        List<String> flags = new ArrayList<>();
        for (CommandFlag f : CommandFlag.values()) {
            if (s.has(f)) {
                flags.add(f.redisName());
            }
        }
        out.array(flags.size());
        flags.forEach(out::simpleString);
        out.integer(s.firstKey());
        out.integer(s.lastKey());
        out.integer(s.keyStep());
        List<String> categories = categories(s);
        out.array(categories.size());
        categories.forEach(out::simpleString);
        out.array(0);
        out.array(0);
        out.array(0);
    }

    /** ACL categories derived from the flags and group, as Redis assigns them. */
    static List<String> categories(CommandSpec s) {
        List<String> c = new ArrayList<>();
        if (s.has(CommandFlag.WRITE)) {
            c.add("@write");
        }
        if (s.has(CommandFlag.READONLY)) {
            c.add("@read");
        }
        switch (s.group()) {
            case "string" -> c.add("@string");
            case "generic" -> c.add("@keyspace");
            case "connection" -> c.add("@connection");
            default -> { }
        }
        if (s.has(CommandFlag.ADMIN)) {
            c.add("@admin");
            c.add("@dangerous");
        }
        c.add(s.has(CommandFlag.FAST) ? "@fast" : "@slow");
        return c;
    }
}
