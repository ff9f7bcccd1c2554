package io.coterie.server.config;

import java.util.Objects;

/**
 * One configuration directive, described once: the file parser, the --flags, CONFIG GET/SET and
 * --help all read this.
 *
 * @param name         as written in the file and after "--", lower-case
 * @param type         how values are checked and made canonical
 * @param defaultValue canonical default (what CONFIG GET shows when nothing set it)
 * @param mutable      CONFIG SET may change it while running
 * @param help         one line for --help
 */
public record Directive(String name, ValueType type, String defaultValue, boolean mutable, String help) {

    public Directive {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(defaultValue);
        Objects.requireNonNull(help);
        if (!type.normalize(defaultValue).equals(defaultValue)) {
            throw new IllegalArgumentException("default of " + name + " is not canonical: " + defaultValue);
        }
    }
}
