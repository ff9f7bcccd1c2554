package io.coterie.server.command;

import io.coterie.ring.quorum.Consistency;

/**
 * Per-connection state (CLIENT LIST fields, AUTH, SELECT). Owned by the connection's event loop
 * thread; CLIENT LIST reads it from other threads only for display.
 */
public final class Session {

    private final long id;
    private final String remoteAddress;
    private final String localAddress;
    private final long createdAtMs;
    private volatile String name = "";
    private volatile String libName = "";
    private volatile String libVersion = "";
    private volatile boolean authenticated;
    private volatile long lastCommandAtMs;
    private volatile String lastCommand = "NULL";
    /** CONSISTENCY's per-connection levels; null = the server's read-consistency / write-consistency. */
    private volatile Consistency consistency;
    /** The last reply a router is still computing for this connection: the next routed command starts after it. */
    private volatile java.util.concurrent.CompletableFuture<byte[]> routedTail;

    public Session(long id, String remoteAddress, String localAddress, long createdAtMs, boolean authenticated) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
        this.createdAtMs = createdAtMs;
        this.lastCommandAtMs = createdAtMs;
        this.authenticated = authenticated;
    }

    public long id() {
        return id;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String localAddress() {
        return localAddress;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public void libName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    /** The levels CONSISTENCY set on this connection, or null if it never did. */
    public Consistency consistency() {
        return consistency;
    }

    public void consistency(Consistency levels) {
        this.consistency = levels;
    }

    public java.util.concurrent.CompletableFuture<byte[]> routedTail() {
        return routedTail;
    }

    public void routedTail(java.util.concurrent.CompletableFuture<byte[]> reply) {
        this.routedTail = reply;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    public long lastCommandAtMs() {
        return lastCommandAtMs;
    }

    public String lastCommand() {
        return lastCommand;
    }

    public void commandStarted(String command, long nowMs) {
        this.lastCommand = command;
        this.lastCommandAtMs = nowMs;
    }
}
