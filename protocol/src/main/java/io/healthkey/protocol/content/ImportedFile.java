package io.healthkey.protocol.content;

/**
 * The result of importing a file: its root {@code cid}, its content {@code size} in bytes and {@code dagSize}, the
 * cumulative size of all its blocks (what Kubo reports as {@code Size} and links carry as {@code Tsize}).
 */
public record ImportedFile(Cid cid, long size, long dagSize) {
}
