package io.githydrate.sync;

/**
 * The reference design's per-database result ({@code archive_path}, {@code tables_exported},
 * {@code total_rows}), plus what was done and the backup kept, if any.
 *
 * @param action {@code written} or {@code unchanged} for dehydration; {@code created},
 *     {@code replaced}, {@code repaired} or {@code unchanged} for hydration
 */
public record DatabaseResult(String archivePath, int tables, long rows, String action, String backupPath) {}
