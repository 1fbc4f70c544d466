package dev.mimamori.fim.vault;

import org.jspecify.annotations.Nullable;

/**
 * What the vault records of a quarantined file.
 *
 * @param id the vault entry's id
 * @param path the file's absolute original path
 * @param sha256 of the original content
 * @param size in bytes
 * @param mode permission bits, octal text such as {@code 0644}
 * @param uid owner
 * @param gid group
 * @param mtime the file's last modification, ISO-8601
 * @param quarantinedAt when it was moved, ISO-8601
 * @param by who moved it
 * @param reason why
 * @param stub whether an inert stub was left in its place
 * @param restoredAt when it was put back, or null
 */
public record Evidence(
    String id,
    String path,
    String sha256,
    long size,
    String mode,
    int uid,
    int gid,
    String mtime,
    String quarantinedAt,
    String by,
    String reason,
    boolean stub,
    @Nullable String restoredAt) {

  Evidence restored(String at) {
    return new Evidence(
        id, path, sha256, size, mode, uid, gid, mtime, quarantinedAt, by, reason, stub, at);
  }
}
