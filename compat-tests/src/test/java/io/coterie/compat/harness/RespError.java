package io.coterie.compat.harness;

/** A RESP error reply ({@code -ERR ...}) as read off a raw socket; {@code message} excludes the '-'. */
public record RespError(String message) {
}
