package io.coterie.server.config;

/** The configuration cannot be used; the message is what the operator sees before the server exits 1. */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(message);
    }
}
